import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugin-repos/*/test/**/*.test.ts', 'docs/examples/*/test/**/*.test.ts'],
    // Spawned-process tests start real servers; each file gets its own temp folders and port 0.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/build-ui.global.ts'],
    reporters: ['default'],
  },
});
