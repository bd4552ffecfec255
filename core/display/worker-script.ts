import fs from 'node:fs';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT } from '../../hono.config.ts';

const SOURCE = path.join(PROJECT_ROOT, 'core', 'display', 'worker', 'bootstrap.ts');

/**
 * The plain-JavaScript file plugin workers start from. Production runs dist/plugin-worker.mjs
 * (built by scripts/build.mjs). From sources (dev, tests) the bootstrap is bundled here with
 * esbuild, a dev dependency, written to a temp name and renamed so parallel test files never read
 * a half-written file.
 */
export async function pluginWorkerScript(): Promise<string> {
  if (BUNDLED) return path.join(PROJECT_ROOT, 'dist', 'plugin-worker.mjs');
  const outDir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'marquee');
  const out = path.join(outDir, 'plugin-worker.mjs');
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outfile: out,
    logLevel: 'silent',
  });
  fs.mkdirSync(outDir, { recursive: true });
  const text = result.outputFiles[0]!.contents;
  if (fs.existsSync(out) && Buffer.compare(fs.readFileSync(out), text) === 0) return out;
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  return out;
}
