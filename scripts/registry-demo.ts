/**
 * `npm run registry:demo [-- --port N]`: a plugin registry on loopback for trying the store
 * offline. It serves `plugins.json` (the registry format, one version per plugin with a
 * `download_url`) and a GitHub-style ZIP archive of each sample plugin, built from the test
 * fixtures at start. Plain http is accepted from loopback, so the printed URL can be added as a
 * source as it is.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../hono.config.ts';
import { buildZip, type ZipEntrySpec } from '../test/support/zip.ts';

/** The sample plugins: the SDK example and two fixtures (an animation, a test pattern). */
export const DEMO_PLUGINS = [
  'docs/examples/hello',
  'test/fixtures/plugins/samples/bounce',
  'test/fixtures/plugins/harness/box',
].map((p) => path.join(PROJECT_ROOT, p));

export const DEFAULT_PORT = 5055;

/** Every file of a plugin folder except its tests, under `<id>-<version>/` as GitHub archives have them. */
function archive(dir: string, top: string): Buffer {
  const entries: ZipEntrySpec[] = [{ name: `${top}/` }];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (child !== 'test') walk(child);
      } else if (e.isFile()) entries.push({ name: `${top}/${child}`, data: fs.readFileSync(path.join(dir, child)) });
    }
  };
  walk('');
  return buildZip(entries);
}

function entryOf(manifest: Record<string, unknown>, base: string, day: string) {
  const { id, version } = manifest as { id: string; version: string };
  return {
    id,
    name: manifest.name,
    description: manifest.description ?? '',
    author: manifest.author ?? '',
    category: manifest.category ?? 'demo',
    tags: manifest.tags ?? [],
    repo: '',
    branch: null,
    plugin_path: '',
    latest_version: version,
    versions: [{ version, released: day, download_url: `${base}/archives/${id}-${version}.zip` }],
    last_updated: day,
    verified: false,
  };
}

export interface DemoRegistry {
  url: string;
  ids: string[];
  close(): Promise<void>;
}

export async function startDemoRegistry(opts: { port?: number; folders?: string[] } = {}): Promise<DemoRegistry> {
  const archives = new Map<string, Buffer>();
  const manifests = (opts.folders ?? DEMO_PLUGINS).map((dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
    const top = `${manifest.id}-${manifest.version}`;
    archives.set(`/archives/${top}.zip`, archive(dir, top));
    return manifest;
  });
  let document = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    const zip = archives.get(url.pathname);
    if (url.pathname === '/plugins.json') res.writeHead(200, { 'content-type': 'application/json' }).end(document);
    else if (zip) res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length }).end(zip);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const day = new Date().toISOString().slice(0, 10);
  document = JSON.stringify(
    { version: '1.0.0', last_updated: day, plugins: manifests.map((m) => entryOf(m, base, day)) },
    null,
    2,
  );
  return {
    url: `${base}/plugins.json`,
    ids: manifests.map((m) => m.id!),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: String(DEFAULT_PORT) } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number from 0 to 65535, got ${values.port}`);
    process.exit(2);
  }
  const demo = await startDemoRegistry({ port });
  console.log(`Demo registry: ${demo.url}`);
  console.log(`Plugins: ${demo.ids.join(', ')}`);
  console.log('Add it as a registry source: start Marquee with');
  console.log(`  MARQUEE_REGISTRY_SOURCES=${demo.url} npm start`);
  console.log('or, while Marquee runs (port 5000 by default):');
  console.log(
    `  curl -X POST -H 'content-type: application/json' -d '{"repo_url":"${demo.url}"}' http://127.0.0.1:5000/api/v3/plugins/saved-repositories`,
  );
  console.log('Ctrl+C stops it.');
  const stop = () => void demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
