/**
 * Builds the web UI (scripts/build-ui.mjs, into dist/ui/), then bundles the two process entries into
 * dist/ as plain JavaScript, so the service runs without the TypeScript loader (whose loader thread
 * costs ~30 MB per process on a small board). Route files become static imports; native and rarely
 * needed packages stay external (see EXTERNAL). Skips the work when dist/ is newer than every
 * source file.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi } from './build-ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['core', 'shared', 'db', 'routes', 'server.ts', 'display.ts', 'hono.config.ts', 'package.json'];
const OUT = path.join(root, 'dist');
// Entry → output name. The plugin host is built on its own (below): it may read no other file. The
// host launcher is the display's root child on a Pi install (core/hosts/launcher/).
const ENTRIES = { 'server.ts': 'server', 'display.ts': 'display', 'core/hosts/launcher/main.ts': 'host-launcher' };
const HOST = { src: 'core/hosts/node/host-main.ts', out: 'plugin-host' };

function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

function listFiles(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [rel];
  });
}

/** Replaces core/http/route-modules.ts with static imports of every file under a routes folder. */
const staticRoutes = {
  name: 'static-routes',
  setup(build) {
    build.onLoad({ filter: /core[\\/]http[\\/]route-modules\.ts$/ }, () => {
      const dir = path.join(root, 'routes');
      const files = listFiles(dir).filter((f) => /\.(ts|js|mts|mjs)$/.test(f) && !/\.(test|spec|d)\./.test(f));
      const lines = files.map((f, i) => `import * as m${i} from ${JSON.stringify(path.join(dir, f))};`);
      const table = files.map(
        (f, i) => `{ rel: ${JSON.stringify(f)}, file: ${JSON.stringify(f)}, load: async () => m${i} }`,
      );
      return {
        loader: 'ts',
        resolveDir: dir,
        contents: `${lines.join('\n')}
const BUNDLED_ROUTES = [${table.join(',\n')}];
export function routeModules(dir) { return dir.endsWith('routes') ? BUNDLED_ROUTES : []; }
`,
      };
    });
  },
};

// Pure-JavaScript packages the processes load at start are bundled: drizzle-orm alone is about 400
// ES modules, and each loaded module costs memory (its source text, module record, compiled code);
// bundled, only what is used is kept, in one file. Native packages, packages loaded on first use
// (ajv, the OpenAPI converter, Hono's Node adapter) and dev tools stay external: a bundled
// package's own imports of Node modules would be loaded at start (the adapter's `node:http2`).
const BUNDLED_PACKAGES = ['drizzle-orm', 'hono', 'valibot', 'croner', 'semver'];
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const EXTERNAL = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

const force = process.argv.includes('--force');
await buildUi({ root, force });

const built = Math.min(...[...Object.values(ENTRIES), HOST.out].map((name) => newest(path.join(OUT, `${name}.mjs`))));
const sources = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (built <= sources || force)
  await esbuild.build({
    entryPoints: Object.entries(ENTRIES).map(([src, out]) => ({ in: path.join(root, src), out })),
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    sourcemap: 'linked',
    define: { MARQUEE_BUNDLE: 'true' },
    plugins: [staticRoutes],
    logLevel: 'warning',
  });

// A plugin host's permission model lets it read only its own script and its plugins' folders, so
// everything it imports is bundled into that one file (pngjs included; the options match
// core/hosts/node/host-script.ts, which bundles the same entry from sources).
if (built <= sources || force)
  await esbuild.build({
    entryPoints: [{ in: path.join(root, HOST.src), out: HOST.out }],
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire as __hostRequire } from 'node:module'; const require = __hostRequire(import.meta.url);",
    },
    define: { MARQUEE_BUNDLE: 'true' },
    logLevel: 'warning',
  });

// V8 keeps a script's source for the life of the process, in one byte per character only when
// every character is Latin-1: a single arrow in a comment the bundler kept doubles the web
// bundle's 1 MB of source in memory. Strings are escaped by esbuild; kept comments are not.
for (const name of Object.values(ENTRIES)) {
  const lines = fs.readFileSync(path.join(OUT, `${name}.mjs`), 'utf8').split('\n');
  const wide = lines.flatMap((l, i) => (/[^\u0000-\u00ff]/.test(l) ? [`${i + 1}: ${l.trim().slice(0, 100)}`] : []));
  if (wide.length)
    console.warn(
      `dist/${name}.mjs holds characters beyond Latin-1 (its source takes twice the memory):\n  ${wide.join('\n  ')}`,
    );
}
