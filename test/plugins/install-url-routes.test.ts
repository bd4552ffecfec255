import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { addTombstone, isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { jsonInit } from '../support/deps.ts';
import { archiveServer, archiveUrl, CODE_HOST, lifecycleApp, pluginArchive, runToEnd } from '../support/lifecycle.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const URL_INSTALL = '/api/v3/plugins/install-from-url';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A real HTTP server on loopback serving one archive at /plugin.zip. */
async function loopbackArchive(body: Buffer): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/plugin.zip') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugin.zip`;
}

async function post(app: Awaited<ReturnType<typeof lifecycleApp>>['app'], body: unknown) {
  const res = await app.request(URL_INSTALL, jsonInit('POST', body));
  return { res, body: await res.json() };
}

describe('POST /api/v3/plugins/install-from-url', () => {
  it('installs from a repository URL under the manifest id, recorded as a URL install with history', async () => {
    const { app, deps } = await lifecycleApp(upstream, []);
    archiveServer(upstream, new Map([[archiveUrl('clock'), { kind: 'zip', body: pluginArchive({ id: 'clock' }) }]]));
    addTombstone(deps, { pluginId: 'clock' });
    const { res, body } = await post(app, { repo_url: `${CODE_HOST}/clock.git` });
    expect(res.status).toBe(202);
    const op = await runToEnd(deps, body.data.operation_id);
    expect(op).toMatchObject({ kind: 'install', key: 'clock', status: 'completed', requestedBy: 'api' });
    expect(getPluginState(deps, 'clock')).toMatchObject({ source: 'url', repo: `${CODE_HOST}/clock`, branch: 'main' });
    expect(isTombstoned(deps, 'clock')).toBe(false);
    expect(deps.queue.history({ kind: 'install' }).map((o) => o.id)).toEqual([op.id]);
  });

  it('applies the compatibility check like a registry install', async () => {
    const { app, deps } = await lifecycleApp(upstream, []);
    const body = pluginArchive({ id: 'clock', manifest: { compatible_versions: ['>=9'] } });
    archiveServer(upstream, new Map([[archiveUrl('clock'), { kind: 'zip', body }]]));
    const r = await post(app, { repo_url: `${CODE_HOST}/clock`, plugin_id: 'clock' });
    const op = await runToEnd(deps, r.body.data.operation_id);
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_INCOMPATIBLE' });
    expect(op.errorMessage).toMatch(/supports Marquee >=9/);
    expect(getPluginState(deps, 'clock')).toBeUndefined();
  });

  it('plain http is allowed to this machine: a .zip URL on a loopback server installs', async () => {
    const { app, deps } = await lifecycleApp(upstream, []);
    const url = await loopbackArchive(pluginArchive({ id: 'local-demo' }));
    const { body } = await post(app, { repo_url: url });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({ status: 'completed' });
    expect(getPluginState(deps, 'local-demo')).toMatchObject({ source: 'url', repo: url });
  });

  it.each([
    [{ repo_url: 'http://code.example.test/clock' }, 400, 'URL_NOT_ALLOWED'],
    [{ repo_url: 'ftp://code.example.test/clock' }, 400, 'URL_NOT_ALLOWED'],
    [{ repo_url: 'https://user:pw@code.example.test/clock' }, 400, 'URL_NOT_ALLOWED'],
    [{ repo_url: '' }, 400, 'VALIDATION_ERROR'],
    [{ repo_url: 'not a url' }, 400, 'VALIDATION_ERROR'],
    [{}, 400, 'VALIDATION_ERROR'],
    [{ repo_url: `${CODE_HOST}/x`, plugin_id: '../x' }, 400, 'VALIDATION_ERROR'],
    [{ repo_url: `${CODE_HOST}/x`, plugin_path: '../../etc' }, 400, 'VALIDATION_ERROR'],
    [{ repo_url: `${CODE_HOST}/x`, plugin_path: '/abs' }, 400, 'VALIDATION_ERROR'],
    [{ repo_url: `${CODE_HOST}/x`, branch: 'a b' }, 400, 'VALIDATION_ERROR'],
  ])('%j → %i %s before anything is queued or fetched', async (input, status, code) => {
    const { app, deps } = await lifecycleApp(upstream, []);
    const { res, body } = await post(app, input);
    expect(res.status).toBe(status);
    expect(body.error_code).toBe(code);
    expect(deps.queue.history()).toEqual([]);
    expect(upstream.calls).toEqual([]);
  });
});
