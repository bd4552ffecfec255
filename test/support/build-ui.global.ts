import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Builds the web UI once before any test file runs (skipped when dist/ui is up to date), so the
 * route and browser tests serve the same bundle `npm start` does.
 */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(import.meta.dirname, '..', '..', 'scripts', 'build-ui.mjs')], {
    stdio: 'inherit',
  });
}
