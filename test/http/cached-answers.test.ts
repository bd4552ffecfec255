/**
 * The store list and the installed list are kept serialised and served unchanged until what they
 * show moves: each event that changes an input (a registry refresh with a new document, a GitHub
 * fact, a copy expiring, a toggle, an uninstall) changes the answer the real server gives over
 * loopback, a failing source's answer is built per request, and the store's answers are bounded.
 */
import net from 'node:net';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../core/http/server.ts';
import { INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { repoKey } from '../../core/registry/github/facts.ts';
import { MAX_ANSWERS } from '../../core/registry/list-cache.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { writePluginFolder } from '../support/zip.ts';

const upstream = useUpstream();
const LIST = '/api/v3/plugins/store/list';
const INSTALLED = '/api/v3/plugins/installed';
const META = JSON.stringify({ source: 'registry', installed_at: '2026-01-01T00:00:00Z' });
const CLOCK = entry('clock', { repo: 'https://github.com/example/clock' });
let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const deps = testDeps(
    { host: '127.0.0.1', port: 0, 'registry.sources': [REGISTRY_URL], 'github.enrich': false },
    { lifecycleExecutors: true },
  );
  const ep = registryEndpoint(REGISTRY_URL, smallRegistry([CLOCK, entry('text')]));
  upstream.use(ep.handler);
  for (const id of ['demo', 'other'])
    writePluginFolder(deps.settings.pluginsDir, { id, files: { [INSTALL_META_FILE]: META } });
  writeConfigFiles(deps.settings.configDir, { demo: { enabled: true }, other: { enabled: false } });
  await discoverPlugins(deps, { enabledOf: (id) => id === 'demo' });
  deps.tasks.startAll();
  const { app } = await testApp(deps);
  server = await listen(app, deps.settings);
  const url = server.url;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { headers });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), id: res.headers.get('x-request-id'), text };
  };
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { deps, ep, get, post };
}

/** The answer without this request's own fields (its id and time). */
const shown = (text: string) => {
  const body = JSON.parse(text);
  delete body.metadata.request_id;
  delete body.metadata.response_time_ms;
  return body;
};
const ids = (text: string) => JSON.parse(text).data.plugins.map((p: { id: string }) => p.id);

describe('the store list over loopback', () => {
  it('is the same answer with the same validator until an input changes; each change makes a new one', async () => {
    const { deps, ep, get, post } = await start();
    const a = await get(LIST);
    const b = await get(LIST);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.etag).toBe(a.etag);
    expect(shown(b.text)).toEqual(shown(a.text));
    expect(JSON.parse(b.text).metadata.request_id).toBe(b.id);
    expect(b.id).not.toBe(a.id);
    expect((await get(LIST, { 'if-none-match': a.etag! })).status).toBe(304);

    // A registry refresh bringing a new document.
    ep.change(smallRegistry([CLOCK, entry('text'), entry('weather')]), '"v2"');
    expect((await post('/api/v3/plugins/store/refresh', {})).status).toBe(200);
    const refreshed = await get(LIST, { 'if-none-match': a.etag! });
    expect(refreshed.status).toBe(200);
    expect(ids(refreshed.text)).toEqual(['clock', 'text', 'weather']);

    // A fact learned from GitHub about one entry (as the enrichment operation records it).
    deps.registry.setFact(repoKey('example', 'clock'), {
      stars: 99,
      forks: 0,
      default_branch: 'main',
      pushed_at: null,
    });
    const starred = await get(LIST, { 'if-none-match': refreshed.etag! });
    expect(starred.status).toBe(200);
    expect(JSON.parse(starred.text).data.plugins[0]).toMatchObject({ id: 'clock', stars: 99 });

    // The copy expiring: the same list, now marked stale.
    deps.clock.advance(deps.settings.registry.ttlMs + 1);
    const stale = await get(LIST, { 'if-none-match': starred.etag! });
    expect(stale.status).toBe(200);
    expect(JSON.parse(stale.text).metadata.stale).toBe(true);
  });

  it('keeps each filter as its own answer, at most MAX_ANSWERS of them, each still right', async () => {
    const { deps, get } = await start();
    const text = await get(`${LIST}?query=text`);
    expect(ids(text.text)).toEqual(['text']);
    for (let i = 0; i < MAX_ANSWERS + 8; i++) expect((await get(`${LIST}?query=q${i}`)).status).toBe(200);
    expect(deps.storeList.size()).toBe(MAX_ANSWERS);
    const again = await get(`${LIST}?query=text`);
    expect(ids(again.text)).toEqual(['text']);
    expect(again.etag).toBe(text.etag);
  });

  it('while a source fails, builds each answer afresh (its next attempt is the queue’s)', async () => {
    const { deps, get, post } = await start();
    await get(LIST);
    upstream.use(http.get(REGISTRY_URL, () => new HttpResponse('down', { status: 503 })));
    await post('/api/v3/plugins/store/refresh', { source: REGISTRY_URL });
    const failing = await get(LIST);
    expect(JSON.parse(failing.text).metadata.source_errors).toHaveLength(1);
    expect(deps.storeList.size()).toBe(0);
    expect(ids(failing.text)).toEqual(['clock', 'text']);
  });
});

describe('a large store list over loopback', () => {
  it('arrives whole and with its own request id when many are in flight, again and again', async () => {
    const { ep, get, post } = await start();
    const many = Array.from({ length: 150 }, (_, i) => entry(`p${i}`, { description: `é ${'x'.repeat(400)} ${i}` }));
    ep.change(smallRegistry(many), '"big"');
    expect((await post('/api/v3/plugins/store/refresh', {})).status).toBe(200);
    for (let wave = 0; wave < 3; wave++) {
      const answers = await Promise.all(Array.from({ length: 24 }, () => get(LIST)));
      for (const a of answers) {
        expect(Buffer.byteLength(a.text)).toBeGreaterThan(64 * 1024);
        const body = JSON.parse(a.text);
        expect(body.metadata.request_id).toBe(a.id);
        expect(body.data.plugins).toHaveLength(150);
        expect(body.data.plugins[149].description).toBe(`é ${'x'.repeat(400)} 149`);
      }
      expect(new Set(answers.map((a) => a.id)).size).toBe(24);
    }
  });
});

/** One request on its own connection, read only after `until` settles: the server's writes wait on the socket. */
function slowReader(url: string, path: string, until: Promise<void>): Promise<{ id: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
      socket.pause();
      void until.then(() => socket.resume());
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      resolve({ id: /x-request-id: (\S+)/i.exec(raw.slice(0, split))![1]!, body: raw.slice(split + 4) });
    });
  });
}

describe('a store list larger than the socket buffers', () => {
  it('is written whole to readers that wait, each answer with its own id, while others are answered', async () => {
    const { ep, get, post } = await start();
    const many = Array.from({ length: 700 }, (_, i) => entry(`p${i}`, { description: `${'y'.repeat(500)} ${i}` }));
    ep.change(smallRegistry(many), '"huge"');
    expect((await post('/api/v3/plugins/store/refresh', {})).status).toBe(200);
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    const url = server!.url;
    const waiting = Array.from({ length: 6 }, () => slowReader(url, LIST, until));
    // Answers to readers that read at once, while the waiting ones still hold their buffers.
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 6; i++) expect(JSON.parse((await get(LIST)).text).data.plugins).toHaveLength(700);
    release();
    for (const a of await Promise.all(waiting)) {
      const body = JSON.parse(a.body);
      expect(body.metadata.request_id).toBe(a.id);
      expect(body.data.plugins[699].description).toBe(`${'y'.repeat(500)} 699`);
    }
  });
});

describe('the installed list over loopback', () => {
  it('changes with a toggle and an uninstall, and is the same answer between them', async () => {
    const { get, post } = await start();
    const first = await get(INSTALLED);
    expect((await get(INSTALLED)).etag).toBe(first.etag);
    const plugin = (text: string, id: string) => JSON.parse(text).data.plugins.find((p: { id: string }) => p.id === id);
    expect(plugin(first.text, 'other')).toMatchObject({ enabled: false });

    expect((await post('/api/v3/plugins/toggle', { plugin_id: 'other', enabled: true })).status).toBe(200);
    const toggled = await get(INSTALLED, { 'if-none-match': first.etag! });
    expect(toggled.status).toBe(200);
    expect(plugin(toggled.text, 'other')).toMatchObject({ enabled: true });

    expect((await post('/api/v3/plugins/uninstall', { plugin_id: 'demo' })).status).toBe(200);
    const uninstalled = await get(INSTALLED, { 'if-none-match': toggled.etag! });
    expect(uninstalled.status).toBe(200);
    expect(plugin(uninstalled.text, 'demo')).toBeUndefined();
  });
});
