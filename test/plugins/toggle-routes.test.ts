import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { collect } from '../support/lifecycle.ts';
import { readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { tempDir } from '../support/temp.ts';
import { webSettings } from '../support/web-settings.ts';
import { writePluginFolder } from '../support/zip.ts';

const TOGGLE = '/api/v3/plugins/toggle';

async function setup() {
  const deps = testDeps({}, { lifecycleExecutors: true });
  writePluginFolder(deps.settings.pluginsDir, { id: 'clock' });
  writeConfigFiles(deps.settings.configDir, { display: { brightness: 50 }, clock: { enabled: false, color: 'red' } });
  await discoverPlugins(deps, { enabledOf: () => false });
  deps.tasks.startAll();
  const { app } = await testApp(deps);
  return { deps, app };
}

const form = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

describe('POST /api/v3/plugins/toggle', () => {
  it('JSON: waits for the operation and answers 200 with the new state; config and state agree', async () => {
    const { app, deps } = await setup();
    const changed = collect(deps, 'plugin.changed');
    const res = await app.request(TOGGLE, jsonInit('POST', { plugin_id: 'clock', enabled: true }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toBe('Plugin clock enabled successfully');
    expect(body.data).toMatchObject({ plugin_id: 'clock', enabled: true, state: 'enabled' });
    // The rest of the section and the other sections are kept; the previous pair is in the history.
    expect(readConfigFiles(deps.settings.configDir).config).toEqual({
      display: { brightness: 50 },
      clock: { enabled: true, color: 'red' },
    });
    expect(deps.config.backups()).toHaveLength(1);
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: true, status: 'enabled' });
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'clock', state: 'enabled', enabled: true, version: '1.0.0' },
    ]);
    expect(deps.queue.get(body.data.operation_id)).toMatchObject({ kind: 'toggle', status: 'completed' });
  });

  it('announces each toggle once, whether the config listener recorded it or nothing changed', async () => {
    const { app, deps } = await setup();
    deps.enabledFlags.follow();
    const changed = collect(deps, 'plugin.changed');
    const updatedAt = () => getPluginState(deps, 'clock')!.updatedAt;
    const on = () => app.request(TOGGLE, jsonInit('POST', { plugin_id: 'clock', enabled: true }));
    expect((await on()).status).toBe(200);
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'clock', state: 'enabled', enabled: true, version: '1.0.0' },
    ]);
    const written = updatedAt();
    deps.clock.advance(1_000);
    // The same value again: nothing is written, and the toggle still says where the plugin stands.
    const again = await on();
    expect((await again.json()).data).toMatchObject({ enabled: true, state: 'enabled' });
    expect(updatedAt()).toBe(written);
    expect(changed).toHaveLength(2);
    expect(changed[1]!.data).toEqual(changed[0]!.data);
  });

  it.each([
    ['a form', () => form('plugin_id=clock&enabled=on')],
    ['the query string', () => ({ method: 'POST' }) as RequestInit],
    ['JSON with a string flag', () => jsonInit('POST', { plugin_id: 'clock', enabled: 'yes' })],
  ])('accepts %s', async (what, init) => {
    const { app, deps } = await setup();
    const url = what === 'the query string' ? `${TOGGLE}?plugin_id=clock&enabled=1` : TOGGLE;
    const res = await app.request(url, init());
    expect(res.status).toBe(200);
    expect((await res.json()).data.enabled).toBe(true);
    expect(readConfigFiles(deps.settings.configDir).config.clock).toEqual({ enabled: true, color: 'red' });
  });

  it('disables with false, 0, off, no', async () => {
    const { app, deps } = await setup();
    for (const off of ['false', '0', 'off', 'no']) {
      await app.request(TOGGLE, jsonInit('POST', { plugin_id: 'clock', enabled: true }));
      const res = await app.request(TOGGLE, form(`plugin_id=clock&enabled=${off}`));
      expect((await res.json()).data).toMatchObject({ enabled: false, state: 'disabled' });
    }
    expect(getPluginState(deps, 'clock')?.enabled).toBe(false);
  });

  it('an unknown plugin → 404, nothing queued, config untouched', async () => {
    const { app, deps } = await setup();
    const before = readConfigFiles(deps.settings.configDir);
    const res = await app.request(TOGGLE, jsonInit('POST', { plugin_id: 'nope', enabled: true }));
    expect(res.status).toBe(404);
    expect((await res.json()).error_code).toBe('PLUGIN_NOT_FOUND');
    expect(deps.queue.history()).toEqual([]);
    expect(readConfigFiles(deps.settings.configDir)).toEqual(before);
  });

  it.each([
    [{ enabled: true }, 'plugin_id'],
    [{ plugin_id: 'clock' }, 'enabled'],
    [{ plugin_id: 'clock', enabled: 'maybe' }, 'enabled'],
    [{ plugin_id: 'clock', enabled: 2 }, 'enabled'],
    [{ plugin_id: '../x', enabled: true }, 'plugin_id'],
  ])('bad input %j → 400 naming %s, nothing changed', async (input, field) => {
    const { app, deps } = await setup();
    const before = readConfigFiles(deps.settings.configDir);
    const res = await app.request(TOGGLE, jsonInit('POST', input));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_code).toBe('VALIDATION_ERROR');
    expect(body.context.problems[0]).toMatchObject({ field });
    expect(readConfigFiles(deps.settings.configDir)).toEqual(before);
    expect(deps.queue.history()).toEqual([]);
  });

  it('a config the plugin schema refuses → the save error, state unchanged', async () => {
    const { app, deps } = await setup();
    fs.writeFileSync(
      path.join(deps.settings.pluginsDir, 'clock', 'config_schema.json'),
      JSON.stringify({ type: 'object', properties: { color: { type: 'string', enum: ['blue'] } } }),
    );
    deps.config.invalidatePlugin('clock');
    const res = await app.request(TOGGLE, jsonInit('POST', { plugin_id: 'clock', enabled: true }));
    expect(res.status).toBe(400);
    expect((await res.json()).error_code).toBe('CONFIG_VALIDATION_FAILED');
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: false, status: 'disabled' });
  });
});

describe('toggle right after start', () => {
  let web: WebProcess | undefined;
  afterEach(async () => {
    await web?.shutdown('test');
    web = undefined;
  });

  it('a plugin on disk is known to the first request: toggle works at once', async () => {
    const root = tempDir();
    writePluginFolder(path.join(root, 'plugin-repos'), { id: 'clock' });
    const settings = webSettings(root);
    web = await startWebProcess({ settings, superviseDisplay: false });
    const res = await fetch(`${web.url}${TOGGLE}`, jsonInit('POST', { plugin_id: 'clock', enabled: true }));
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ plugin_id: 'clock', enabled: true, state: 'enabled' });
    expect(readConfigFiles(settings.configDir).config.clock).toMatchObject({ enabled: true });
  });
});
