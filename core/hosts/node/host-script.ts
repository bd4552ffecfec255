import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT } from '../../../hono.config.ts';

const SOURCE = path.join(PROJECT_ROOT, 'core', 'hosts', 'node', 'host-main.ts');

/**
 * Options for bundling the Node host: everything it imports goes into one file (pngjs included),
 * because the host's permission model lets it read only that file and its plugins' folders.
 * scripts/build.mjs uses the same options for dist/plugin-host.mjs.
 */
export const HOST_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pngjs is CommonJS; its require() of Node's own modules needs a real require in an ES module.
  banner: {
    js: "import { createRequire as __hostRequire } from 'node:module'; const require = __hostRequire(import.meta.url);",
  },
  logLevel: 'silent',
} as const;

/**
 * The plain-JavaScript file a Node plugin host runs, as its real path (the permission model
 * compares real paths). Production runs dist/plugin-host.mjs; from sources (dev, tests) the entry
 * is bundled with esbuild, a dev dependency, under a name made from its content, so parallel test
 * files and other checkouts sharing node_modules never read each other's or a half-written file.
 */
export async function nodeHostScript(): Promise<string> {
  if (BUNDLED) return fs.realpathSync(path.join(PROJECT_ROOT, 'dist', 'plugin-host.mjs'));
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    ...HOST_BUNDLE_OPTIONS,
    entryPoints: [SOURCE],
    write: false,
    outfile: 'host.mjs',
  });
  const text = result.outputFiles[0]!.contents;
  const outDir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'marquee');
  const out = path.join(outDir, `plugin-host-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o644 });
    fs.renameSync(tmp, out);
  }
  return fs.realpathSync(out);
}
