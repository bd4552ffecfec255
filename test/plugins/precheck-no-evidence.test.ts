/**
 * The manifest pre-check when the repository's answer says nothing usable. No msw here: the
 * registry is a file and the repository a real server on loopback, so an over-large answer is cut
 * off as it would be on a device.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PRECHECK_MAX_BYTES } from '../../core/plugins/precheck.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { runToEnd } from '../support/lifecycle.ts';
import { smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { folderOf, monorepoArchive, pythonEntry } from './ledmatrix-fixture.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const manifests: Record<string, (res: http.ServerResponse) => void> = {
  big: (res) => res.writeHead(200).end(Buffer.alloc(PRECHECK_MAX_BYTES + 1, 0x20)),
  junk: (res) => res.writeHead(200).end('{"id": "ledmatrix-junk",'),
  slow: (res) => res.writeHead(200).write('{"id"'),
};

async function repository(asked: string[]) {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    asked.push(url);
    const [, id, rest] = /^\/([^/]+)\/(.*)$/.exec(url) ?? [];
    if (rest?.endsWith('/manifest.json')) return manifests[id!]!(res);
    if (rest === 'archive/refs/heads/main.zip') return void res.writeHead(200).end(monorepoArchive({ id: id! }));
    res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the manifest pre-check without evidence', { timeout: 60_000 }, () => {
  it('a manifest too large, unreadable or never finished: the archive decides, held up at most the outbound timeout', async () => {
    const asked: string[] = [];
    const base = await repository(asked);
    const ids = Object.keys(manifests);
    const file = path.join(tempDir(), 'plugins.json');
    fs.writeFileSync(file, smallRegistry(ids.map((id) => pythonEntry(id, { repo: `${base}/${id}` }))));
    const deps = testDeps(
      { 'registry.sources': [file], 'github.enrich': false, 'timeouts.outboundTotalMs': 1_000 },
      { lifecycleExecutors: true, background: ['store-refresh'] },
    );
    const { app } = await testApp(deps);
    for (const id of ids) {
      const res = await app.request('/api/v3/plugins/install', jsonInit('POST', { plugin_id: id }));
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(202);
      const op = await runToEnd(deps, body.data.operation_id);
      expect(op, `${id}: ${op.errorMessage}`).toMatchObject({ status: 'completed' });
      expect(getPluginState(deps, id)).toMatchObject({ version: '1.0.0' });
    }
    expect(asked).toEqual(
      ids.flatMap((id) => [`/${id}/raw/main/${folderOf(id)}/manifest.json`, `/${id}/archive/refs/heads/main.zip`]),
    );
  });
});
