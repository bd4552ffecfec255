/**
 * LEDMatrix's name for a plugin (`ledmatrix-<id>`) over real HTTP on loopback: every request that
 * names an installed plugin by it reaches `<id>`, and a name that matches nothing is still refused
 * with the name the client sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../core/http/server.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { writePluginFolder } from '../support/zip.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const deps = testDeps(
    { host: '127.0.0.1', port: 0 },
    { lifecycleExecutors: true, background: ['configure', 'toggle'] },
  );
  writePluginFolder(deps.settings.pluginsDir, {
    id: 'weather',
    manifest: { id: 'ledmatrix-weather' },
    files: {
      'config_schema.json': JSON.stringify({
        type: 'object',
        properties: { enabled: { type: 'boolean' }, city: { type: 'string', default: 'Paris' } },
      }),
    },
  });
  await discoverPlugins(deps);
  const { app } = await testApp(deps);
  server = await listen(app, deps.settings);
  const base = server.url;
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(base + path, init);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const post = (path: string, body: unknown) =>
    call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { deps, call, post };
}

describe("LEDMatrix's ledmatrix-<id> names the installed <id> in every request", () => {
  it('reads and saves settings, the schema, state, health and metrics through the alias', async () => {
    const { call, post } = await start();
    const viaAlias = await call('/api/v3/plugins/config?plugin_id=ledmatrix-weather');
    expect(viaAlias.status, JSON.stringify(viaAlias.body)).toBe(200);
    expect(viaAlias.body.data).toEqual((await call('/api/v3/plugins/config?plugin_id=weather')).body.data);
    expect(viaAlias.body.data.city).toBe('Paris');

    const saved = await post('/api/v3/plugins/config', { plugin_id: 'ledmatrix-weather', config: { city: 'Lyon' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await call('/api/v3/plugins/config?plugin_id=weather')).body.data.city).toBe('Lyon');

    const schema = await call('/api/v3/plugins/schema?plugin_id=ledmatrix-weather');
    expect(schema.status).toBe(200);
    expect(schema.body.data.schema.properties.city.default).toBe('Paris');
    const state = await call('/api/v3/plugins/state?plugin_id=ledmatrix-weather');
    expect(state.body.data).toMatchObject({ plugin_id: 'weather' });
    for (const p of ['/api/v3/plugins/health/ledmatrix-weather', '/api/v3/plugins/metrics/ledmatrix-weather']) {
      const r = await call(p);
      expect(r.status, `${p}: ${JSON.stringify(r.body)}`).toBe(200);
    }
  });

  it('uploads and lists images and toggles the plugin through the alias', async () => {
    const { call, post, deps } = await start();
    const form = new FormData();
    form.append('plugin_id', 'ledmatrix-weather');
    form.append('files', new Blob([new Uint8Array(PNG)]), 'sun.png');
    const up = await call('/api/v3/plugins/assets/upload', { method: 'POST', body: form });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const listed = await call('/api/v3/plugins/assets/list?plugin_id=weather');
    expect(listed.body.data.assets).toHaveLength(1);
    expect((await call('/api/v3/plugins/assets/list?plugin_id=ledmatrix-weather')).body.data.assets).toHaveLength(1);

    const done = await post('/api/v3/plugins/toggle', { plugin_id: 'ledmatrix-weather', enabled: false });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({ plugin_id: 'weather', enabled: false });
    expect(deps.config.state().main['ledmatrix-weather']).toBeUndefined();
  });

  it('refuses a name that matches no plugin with that name, and a malformed one as before', async () => {
    const { call } = await start();
    const missing = await call('/api/v3/plugins/config?plugin_id=ledmatrix-nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('PLUGIN_NOT_FOUND');
    expect(JSON.stringify(missing.body)).toContain('ledmatrix-nothing');
    const bad = await call('/api/v3/plugins/config?plugin_id=ledmatrix-%2E%2E%2Fx');
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('VALIDATION_ERROR');
    const health = await call('/api/v3/plugins/health/ledmatrix-nothing');
    expect(health.status).toBe(404);
  });
});
