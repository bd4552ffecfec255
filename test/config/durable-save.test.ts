import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { WEATHER_SCHEMA, writePlugin } from '../support/plugins.ts';
import { writePluginFolder } from '../support/zip.ts';

/**
 * Records, in order, every fsync a save makes (naming the file or folder synced, read back from
 * /proc/self/fd) and every rename, by wrapping node's own calls: the real ones still run, so what
 * is recorded is what reached the disk, and when.
 */
async function recordDiskCalls(configDir: string) {
  const events: string[] = [];
  const name = (p: string) => (p === configDir ? 'folder' : path.basename(p).replace(/\.tmp-.*$/, '.tmp'));
  const fsync = fs.fsync;
  vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, done: (e: NodeJS.ErrnoException | null) => void) => {
    const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    fsync(fd, (e) => {
      if (!e) events.push(`sync ${name(target)}`);
      done(e);
    });
  }) as typeof fs.fsync);
  const renameSync = fs.renameSync;
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    renameSync(from, to);
    events.push(`rename ${name(String(from))} → ${name(String(to))}`);
  });
  return events;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a save is durable when answered, for one data sync and one folder sync', () => {
  it('POST /plugins/toggle: the new config.json is synced, renamed into place and its folder synced, then answered', async () => {
    const deps = testDeps({}, { lifecycleExecutors: true });
    writePluginFolder(deps.settings.pluginsDir, { id: 'clock' });
    writeConfigFiles(deps.settings.configDir, { clock: { enabled: false } });
    await discoverPlugins(deps, { enabledOf: () => false });
    deps.tasks.startAll();
    const { app } = await testApp(deps);
    const events = await recordDiskCalls(deps.settings.configDir);
    const res = await app.request('/api/v3/plugins/toggle', jsonInit('POST', { plugin_id: 'clock', enabled: true }));
    events.push(`answered ${res.status}`);
    expect(events).toEqual([
      'sync .config.json.tmp',
      'rename .config.json.tmp → config.json',
      'sync folder',
      'answered 200',
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(deps.settings.configDir, 'config.json'), 'utf8'))).toEqual({
      clock: { enabled: true },
    });
    // The pair before the change is in the history, which cost no sync of its own.
    expect(deps.config.backups()).toMatchObject([{ reason: 'plugin clock', changed_sections: ['clock'] }]);
  });

  it('POST /plugins/config with one setting: the same two syncs; a secret too: both files under an intent', async () => {
    const deps = testDeps();
    writePlugin(deps.settings.pluginsDir, 'weather', WEATHER_SCHEMA);
    deps.tasks.startAll();
    const { app } = await testApp(deps);
    const events = await recordDiskCalls(deps.settings.configDir);
    const save = (config: Record<string, unknown>) =>
      app.request('/api/v3/plugins/config', jsonInit('POST', { plugin_id: 'weather', config }));
    events.push(`answered ${(await save({ city: 'Oslo' })).status}`);
    expect(events.splice(0)).toEqual([
      'sync .config.json.tmp',
      'rename .config.json.tmp → config.json',
      'sync folder',
      'answered 200',
    ]);
    // Two files change together: each and the intent naming them are synced with the folder before
    // the first rename (so recovery can finish the pair), then the folder once more after.
    events.push(`answered ${(await save({ city: 'Bergen', api_key: 'k-1' })).status}`);
    expect(events.slice(0, 4).sort()).toEqual([
      'sync .commit-intent.json',
      'sync .config.json.tmp',
      'sync .config_secrets.json.tmp',
      'sync folder',
    ]);
    expect(events.slice(4)).toEqual([
      'rename .config.json.tmp → config.json',
      'rename .config_secrets.json.tmp → config_secrets.json',
      'sync folder',
      'answered 200',
    ]);
  });
});
