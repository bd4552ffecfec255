/**
 * Bundles the web UI (components/) into dist/ui/: index.html plus content-hashed assets, each with
 * a gzip twin, so the server can send assets with a year-long cache and the page itself with
 * no-cache. The new build is written beside the old one and swapped in, so a running server never
 * serves an index.html whose assets are missing. Skips the work when dist/ui is newer than every
 * UI source. `node scripts/build-ui.mjs [--force]`.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['components', 'shared', 'scripts/build-ui.mjs', 'package.json'];
const COMPRESSIBLE = /\.(js|css|html|map|svg|txt)$/;

function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

function indexHtml(js, css) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark light">
<title>Marquee</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body>
<mq-app><p class="boot">Loading Marquee…</p></mq-app>
<noscript><p class="boot">Marquee's web interface needs JavaScript.</p></noscript>
</body>
</html>
`;
}

function gzipAll(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
  }
}

/** Replaces `out` with `fresh` in two renames; the old build is removed afterwards. */
function swapIn(fresh, out) {
  const old = `${out}.old-${process.pid}`;
  if (fs.existsSync(out)) fs.renameSync(out, old);
  fs.renameSync(fresh, out);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Builds the UI. Returns `{ skipped, outDir, files }` where files maps each output name to its
 * size and gzipped size in bytes.
 */
export async function buildUi({ root = ROOT, force = false, outDir = path.join(root, 'dist', 'ui') } = {}) {
  const index = path.join(outDir, 'index.html');
  const sources = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
  if (!force && newest(index) > sources) return { skipped: true, outDir, files: listOutput(outDir) };

  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { app: path.join(root, 'components', 'app.ts') },
    outdir: tmp,
    entryNames: 'assets/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    // Browsers of the last few years, including the Chromium that Raspberry Pi OS ships.
    target: ['chrome100', 'firefox100', 'safari15.4'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    charset: 'utf8',
    logLevel: 'warning',
  });
  const [jsOut, meta] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint && o.cssBundle) ?? [];
  if (!jsOut) throw new Error('build-ui: the entry produced no script with a style sheet');
  const rel = (p) => path.relative(tmp, path.resolve(p)).split(path.sep).join('/');
  fs.writeFileSync(path.join(tmp, 'index.html'), indexHtml(rel(jsOut), rel(meta.cssBundle)));
  gzipAll(tmp);
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  swapIn(tmp, outDir);
  return { skipped: false, outDir, files: listOutput(outDir) };
}

/** Output files (without their .gz twins) with raw and gzipped sizes. */
export function listOutput(outDir) {
  if (!fs.existsSync(outDir)) return {};
  const files = {};
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.gz')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const gz = fs.statSync(`${file}.gz`, { throwIfNoEntry: false });
    files[path.relative(outDir, file).split(path.sep).join('/')] = {
      bytes: fs.statSync(file).size,
      gzipBytes: gz?.size ?? null,
    };
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildUi({ force: process.argv.includes('--force') });
}
