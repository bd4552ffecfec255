/**
 * Plugins and a registry served on loopback for the preview tests: a still one whose colour is a
 * setting's default, an animated one, one that needs an API key, one that throws, and archives
 * written by the tests' ZIP builder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildZip, archiveEntries, pluginFiles, type PluginSpec, type ZipEntrySpec } from '../support/zip.ts';

const schema = (properties: Record<string, unknown>, required: string[] = []) =>
  JSON.stringify({ type: 'object', properties: { enabled: { type: 'boolean' }, ...properties }, required });

export const STILL: PluginSpec = {
  id: 'still-box',
  version: '1.0.0',
  code: `export default class Box {
  constructor(ctx) { this.color = ctx.config.color ?? [0, 0, 0]; }
  render(frame) { frame.clear([0, 0, 40]); frame.fillRect(2, 2, frame.width - 4, frame.height - 4, this.color); return true; }
}\n`,
  files: { 'config_schema.json': schema({ color: { type: 'array', default: [200, 40, 10] } }) },
};

export const MOVING: PluginSpec = {
  id: 'moving-dot',
  version: '2.1.0',
  code: `export default class Dot {
  render(frame, info) { const x = Math.floor(info.elapsedMs / 100) % frame.width; frame.pixel(x, 1, [0, 255, 0]); return true; }
}\n`,
};

export const KEYED: PluginSpec = {
  id: 'needs-key',
  files: { 'config_schema.json': schema({ api_key: { type: 'string', 'x-secret': true } }, ['api_key']) },
  code: `export default class K { render(frame) { frame.clear([255, 0, 0]); return true; } }\n`,
};

export const BROKEN: PluginSpec = {
  id: 'throws',
  code: `export default class T { render() { throw new Error('no pixels today'); } }\n`,
};

/** A registry entry whose archive host is down (503): a failure that may clear by itself. */
export const downEntry = (served: Served, id: string) => ({
  id,
  name: `Plugin ${id}`,
  latest_version: '1.0.0',
  versions: [{ version: '1.0.0', download_url: `${served.url}/down/${id}.zip` }],
});

export const pluginArchive = (spec: PluginSpec) => buildZip(archiveEntries(pluginFiles(spec)));

export interface Served {
  url: string;
  files: Map<string, Buffer | string>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** A static file server on 127.0.0.1 (the registry document and the archives). */
export async function serveFiles(): Promise<Served> {
  const files = new Map<string, Buffer | string>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p.startsWith('/down/')) return void res.writeHead(503).end('down for maintenance');
    const body = files.get(p);
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': p.endsWith('.json') ? 'application/json' : 'application/zip' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, files, hits, close: () => new Promise((r) => server.close(() => r())) };
}

/** A registry document listing `specs`, each downloadable from `<url>/<id>-<version>.zip`. */
export function publish(
  served: Served,
  specs: PluginSpec[],
  archives: Record<string, ZipEntrySpec[]> = {},
  more: Array<Record<string, unknown>> = [],
) {
  const plugins = specs.map((s) => {
    const version = s.version ?? '1.0.0';
    const file = `/${s.id}-${version}.zip`;
    served.files.set(file, archives[s.id] ? buildZip(archives[s.id]!) : pluginArchive(s));
    return {
      id: s.id,
      name: `Plugin ${s.id}`,
      description: 'test',
      latest_version: version,
      versions: [{ version, download_url: served.url + file }],
    };
  });
  served.files.set('/plugins.json', JSON.stringify({ version: '1', plugins: [...plugins, ...more] }));
  return `${served.url}/plugins.json`;
}
