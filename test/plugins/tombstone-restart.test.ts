import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesiredState } from '../../core/display/desired-state.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { jsonInit } from '../support/deps.ts';
import { readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { tempDir } from '../support/temp.ts';
import { writePluginFolder } from '../support/zip.ts';
import { webSettings } from '../support/web-settings.ts';

let web: WebProcess | undefined;
afterEach(async () => {
  await web?.shutdown('test');
  web = undefined;
});

function settingsIn(root: string) {
  return webSettings(root, { 'registry.builtinDir': path.join(root, 'builtin') });
}

const installed = async (url: string) =>
  (await (await fetch(`${url}/api/v3/plugins/installed`)).json()).data.plugins as Array<Record<string, unknown>>;

describe('an uninstalled plugin whose folder is put back by hand', () => {
  it('after a restart is not loaded, is listed as tombstoned, and can neither be toggled nor updated', async () => {
    const root = tempDir();
    const settings = settingsIn(root);
    const dir = writePluginFolder(settings.pluginsDir, { id: 'clock' });
    writePluginFolder(settings.pluginsDir, { id: 'other' });
    writeConfigFiles(settings.configDir, { clock: { enabled: true }, other: { enabled: true } });
    const copy = path.join(root, 'clock-copy');
    fs.cpSync(dir, copy, { recursive: true });

    web = await startWebProcess({ settings, superviseDisplay: false });
    const res = await fetch(`${web.url}/api/v3/plugins/uninstall`, jsonInit('POST', { plugin_id: 'clock' }));
    expect(res.status).toBe(200);
    await web.shutdown('test');

    fs.cpSync(copy, dir, { recursive: true });
    // Even a hand edit that enables it again does not bring it back.
    const { config } = readConfigFiles(settings.configDir);
    writeConfigFiles(settings.configDir, { ...config, clock: { enabled: true } });
    web = await startWebProcess({ settings, superviseDisplay: false });

    const list = await installed(web.url);
    expect(list.find((p) => p.id === 'clock')).toMatchObject({
      state: 'uninstalled',
      tombstoned: true,
      enabled: false,
    });
    const state = await (await fetch(`${web.url}/api/v3/plugins/state?plugin_id=clock`)).json();
    expect(state.data).toMatchObject({ status: 'uninstalled', present: true, tombstoned: true });

    const display = createDesiredState({
      configDir: settings.configDir,
      sqlite: web.deps.db.sqlite,
    }).poll()!;
    expect([...display.plugins.keys()]).toEqual(['other']);

    const toggle = await fetch(
      `${web.url}/api/v3/plugins/toggle`,
      jsonInit('POST', { plugin_id: 'clock', enabled: true }),
    );
    expect(toggle.status).toBe(404);
    const update = await fetch(`${web.url}/api/v3/plugins/update`, jsonInit('POST', { plugin_id: 'clock' }));
    expect(update.status).toBe(404);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(true);
  });
});
