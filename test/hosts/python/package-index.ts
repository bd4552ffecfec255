/**
 * A PEP 503 package index on loopback serving wheels built in the test, so pip installs without
 * the internet. A stalled index (`stall: true`) accepts requests and never answers them.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { buildZip } from '../../support/zip.ts';

export interface Wheel {
  file: string;
  project: string;
  bytes: Buffer;
}

const b64 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('base64url');

/** A pure-Python wheel holding one module (`module.py` → `<module>/__init__.py`). */
export function buildWheel(project: string, version: string, module: string, code: string): Wheel {
  const dist = `${project.replace(/-/g, '_')}-${version}`;
  const files: Record<string, string> = {
    [`${module}/__init__.py`]: code,
    [`${dist}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${project}\nVersion: ${version}\n`,
    [`${dist}.dist-info/WHEEL`]:
      'Wheel-Version: 1.0\nGenerator: marquee-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(files)
    .map(([name, text]) => `${name},sha256=${b64(Buffer.from(text))},${Buffer.byteLength(text)}`)
    .concat(`${dist}.dist-info/RECORD,,`)
    .join('\n');
  files[`${dist}.dist-info/RECORD`] = `${record}\n`;
  const bytes = buildZip(Object.entries(files).map(([name, data]) => ({ name, data, method: 'deflate' as const })));
  return { file: `${dist}-py3-none-any.whl`, project, bytes };
}

export interface PackageIndex {
  url: string;
  requests: string[];
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

export async function servePackageIndex(wheels: Wheel[], opts: { stall?: boolean } = {}): Promise<PackageIndex> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (opts.stall) return;
    const page = /^\/simple\/([^/]+)\/$/.exec(req.url ?? '');
    const project = page ? wheels.filter((w) => w.project === page[1]) : [];
    if (project.length > 0) {
      const links = project.map((w) => `<a href="/files/${w.file}#sha256=${hex(w.bytes)}">${w.file}</a>`);
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!DOCTYPE html><html><body>${links.join('\n')}</body></html>`);
      return;
    }
    const wheel = wheels.find((w) => req.url === `/files/${w.file}`);
    if (wheel) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wheel.bytes);
    else res.writeHead(404).end('not found');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`, requests };
}

const hex = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
