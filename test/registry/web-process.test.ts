import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { monorepoRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';

const running: WebProcess[] = [];
const servers: http.Server[] = [];

afterEach(async () => {
  for (const w of running.splice(0)) await w.shutdown('test');
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A real registry on loopback (plain http is allowed there), counting what it serves. */
async function loopbackRegistry() {
  const seen: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers['if-none-match']);
    if (req.headers['if-none-match'] === '"r1"') return res.writeHead(304, { etag: '"r1"' }).end();
    res.writeHead(200, { 'content-type': 'application/json', etag: '"r1"' }).end(monorepoRegistry());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugins.json`, seen };
}

async function start(root: string, source: string) {
  const settings = loadSettings(
    {},
    {
      auth: 'off',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugins'),
      'registry.builtinDir': path.join(root, 'builtin'),
      'registry.sources': [source],
      'github.enrich': false,
      logLevel: 'silent',
    },
  );
  const web = await startWebProcess({ settings, superviseDisplay: false });
  running.push(web);
  return web;
}

describe('the web process and the store', () => {
  it('a cold start fetches once for the startup refresh and the first browse together; a restart is warm', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'builtin'));
    const registry = await loopbackRegistry();
    const web = await start(root, registry.url);
    const first = await (await fetch(`${web.url}/api/v3/plugins/store/list`)).json();
    expect(first.data.plugins).toHaveLength(48);
    expect(registry.seen).toEqual([undefined]);
    await web.shutdown('restart');
    running.length = 0;

    const again = await start(root, registry.url);
    const warm = await (await fetch(`${again.url}/api/v3/plugins/store/list?category=sports`)).json();
    expect(warm.data.plugins.length).toBeGreaterThan(10);
    expect(warm.metadata.stale).toBe(false);
    // The start-up's look at the sources found nothing due: no refresh was queued.
    const revalidate = again.deps.scheduler.statuses().find((s) => s.name === 'registryRefresh')!.lastOperation!;
    const { operation } = await again.deps.queue.waitFor(revalidate.id, 5_000);
    expect(operation).toMatchObject({ status: 'completed', result: { queued: [] } });
    expect(registry.seen).toEqual([undefined]);
  });
});
