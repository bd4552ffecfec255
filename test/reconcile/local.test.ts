import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../core/reconcile/step.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { addTombstone } from '../../core/plugins/state/tombstones.ts';
import type { StreamEvent } from '../../core/platform/events.ts';
import { readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { WEATHER_SCHEMA } from '../support/plugins.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';
import { useUpstream } from '../support/upstream.ts';
import { writePluginFolder } from '../support/zip.ts';
import { repairOps, setup } from './helpers.ts';

// No registry source: anything that reached for the network would fail the test.
const upstream = useUpstream();
const local = { sources: [] as string[] };

const types = (s: { inconsistencies: Array<{ type: string }> }) => s.inconsistencies.map((f) => f.type);

describe('plugins on disk', () => {
  it('core keys, LEDMatrix system keys and secrets-only sections are not reported', async () => {
    const { deps } = await setup({
      ...local,
      config: {
        display: { hardware: { rows: 32 } },
        schedule: { enabled: false },
        timezone: 'UTC',
        sync: { role: 'standalone' },
        github: {},
        youtube: { channel: 'x' },
        logging: { level: 'info' },
        network: {},
        system: {},
        vegas_scroll_speed: 50,
        vegas_plugin_order: ['clock'],
        vegas_excluded_plugins: {},
        clock: { enabled: true },
      },
      secrets: { youtube: { api_key: 'k' }, github: { api_token: 't' }, weather: { api_key: 'w' } },
      folders: (dir) => writePluginFolder(dir, { id: 'clock' }),
    });
    const summary = await deps.reconciler.run({ trigger: 'startup' });
    expect(summary.inconsistencies).toEqual([]);
    expect(summary.plugins_checked).toBe(1);
    expect(upstream.calls).toEqual([]);
  });

  it("config.json's enabled wins over plugin_state, and the UI is told", async () => {
    const { deps } = await setup({
      ...local,
      config: { clock: { enabled: false } },
      folders: (dir) => writePluginFolder(dir, { id: 'clock' }),
    });
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: false, status: 'disabled' });
    writeConfigFiles(deps.settings.configDir, { clock: { enabled: true } });
    const seen: StreamEvent[] = [];
    deps.events.subscribe((e) => seen.push(e));

    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.fixed).toEqual([expect.objectContaining({ plugin_id: 'clock', type: 'plugin_enabled_mismatch' })]);
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: true, status: 'enabled' });
    // The run's own operation events aside: the state change, then the run's end.
    const told = seen.filter((e) => !e.type.startsWith('operation.'));
    expect(told.map((e) => e.type)).toEqual(['plugin.changed', 'reconcile.finished']);
    expect(told[0]!.data).toMatchObject({ plugin_id: 'clock', state: 'enabled', enabled: true });
    expect(readConfigFiles(deps.settings.configDir).config).toEqual({ clock: { enabled: true } });
  });

  it('a folder config does not name gets a section with its schema defaults, disabled; a second call does nothing', async () => {
    const { deps } = await setup({
      ...local,
      folders: (dir) =>
        writePluginFolder(dir, { id: 'weather', files: { 'config_schema.json': JSON.stringify(WEATHER_SCHEMA) } }),
    });
    const first = await reconcile(deps, 'weather');
    expect(first).toEqual([expect.objectContaining({ type: 'plugin_missing_in_config', outcome: 'fixed' })]);
    expect(readConfigFiles(deps.settings.configDir).config.weather).toEqual({
      enabled: false,
      city: 'Dallas',
      units: 'imperial',
      update_interval: 1800,
      provider: { name: 'owm' },
      accounts: [],
      // Properties every plugin section has, with the config store's defaults.
      display_duration: 15,
      live_priority: false,
    });
    expect(getPluginState(deps, 'weather')).toMatchObject({ enabled: false });
    expect(await reconcile(deps, 'weather')).toEqual([]);
  });

  it('many folders without sections: added in one save (one backup); one the schema refuses is reported', async () => {
    const strict = { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] };
    const { deps } = await setup({
      ...local,
      folders: (dir) => {
        for (const id of ['alpha', 'beta', 'gamma']) writePluginFolder(dir, { id });
        writePluginFolder(dir, { id: 'strict', files: { 'config_schema.json': JSON.stringify(strict) } });
      },
    });
    const together = await setup({
      ...local,
      folders: (dir) => {
        for (const id of ['alpha', 'beta', 'gamma']) writePluginFolder(dir, { id });
      },
    });
    const summary = await together.deps.reconciler.run({ trigger: 'startup' });
    expect(summary.fixed.map((f) => f.plugin_id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(together.deps.config.backups()).toHaveLength(1);
    expect(readConfigFiles(together.deps.settings.configDir).config).toMatchObject({
      alpha: { enabled: false },
      beta: { enabled: false },
      gamma: { enabled: false },
    });

    const mixed = await deps.reconciler.run({ trigger: 'startup' });
    expect(mixed.fixed.map((f) => f.plugin_id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(mixed.manual_fix_required).toEqual([
      expect.objectContaining({ plugin_id: 'strict', type: 'plugin_missing_in_config' }),
    ]);
    expect(readConfigFiles(deps.settings.configDir).config).not.toHaveProperty('strict');
    expect(mixed.inconsistencies.find((f) => f.plugin_id === 'strict')).toMatchObject({
      error_code: 'CONFIG_VALIDATION_FAILED',
    });
    expect(mixed.manual_fix_required[0]!.action).toContain('token');

    // Reported on every run, never tried: no refused save piles up in the history.
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(6 * 3_600_000);
      const again = await deps.reconciler.run({ trigger: 'schedule' });
      expect(again.manual_fix_required.map((f) => f.plugin_id)).toEqual(['strict']);
    }
    expect(deps.queue.history({ kind: 'configure' }).filter((op) => op.status === 'failed')).toEqual([]);
  });

  it('a folder without a section whose plugin an operation holds waits for it, and the others are added', async () => {
    const { deps } = await setup({
      ...local,
      folders: (dir) => {
        for (const id of ['alpha', 'beta', 'gamma']) writePluginFolder(dir, { id });
      },
    });
    const release = deferred();
    deps.queue.register(recordingExecutor('hold', async () => (await release.promise, { ok: true })));
    const { operation } = deps.queue.enqueue({ kind: 'hold', key: 'beta' });
    void deps.queue.runOnce();
    await expect.poll(() => deps.queue.get(operation.id)!.status).toBe('running');
    const summary = await deps.reconciler.run({ trigger: 'startup' });
    expect(summary.fixed.map((f) => f.plugin_id)).toEqual(['alpha', 'gamma']);
    expect(summary.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'beta', action: expect.stringContaining('hold operation') }),
    ]);
    expect(summary.manual_fix_required).toEqual([]);
    expect(readConfigFiles(deps.settings.configDir).config).not.toHaveProperty('beta');
    expect(deps.config.backups()).toHaveLength(1);
    expect(deps.queue.history({ kind: 'configure' }).filter((op) => op.status === 'failed')).toEqual([]);

    release.resolve();
    await expect.poll(() => deps.queue.get(operation.id)!.status).toBe('completed');
    const next = await deps.reconciler.run({ trigger: 'schedule' });
    expect(next.fixed.map((f) => f.plugin_id)).toEqual(['beta']);
  });

  it('the version on disk corrects plugin_state, also when the manifest changes between runs', async () => {
    const { deps } = await setup({
      ...local,
      config: { clock: { enabled: true } },
      folders: (dir) => writePluginFolder(dir, { id: 'clock', version: '1.0.0' }),
    });
    expect((await deps.reconciler.run({ trigger: 'schedule' })).inconsistencies_found).toBe(0);
    // Same size, same inode: only the change times tell the reconciler's manifest cache it changed.
    const file = path.join(deps.settings.pluginsDir, 'clock', 'manifest.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"1.0.0"', '"1.2.0"'));
    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.fixed).toEqual([expect.objectContaining({ plugin_id: 'clock', type: 'plugin_version_mismatch' })]);
    expect(getPluginState(deps, 'clock')).toMatchObject({ version: '1.2.0', status: 'enabled', enabled: true });
  });

  it('a state row whose folder is gone is corrected, and reported when config does not name the plugin', async () => {
    const { deps } = await setup({ ...local, folders: (dir) => writePluginFolder(dir, { id: 'old' }) });
    fs.rmSync(path.join(deps.settings.pluginsDir, 'old'), { recursive: true });
    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(types(summary)).toEqual(['plugin_state_mismatch', 'plugin_orphaned_state']);
    expect(summary.manual_fix_required).toEqual([expect.objectContaining({ plugin_id: 'old' })]);
    expect(getPluginState(deps, 'old')).toMatchObject({ status: 'missing', present: false });
    expect(types(await deps.reconciler.run({ trigger: 'schedule' }))).toEqual(['plugin_orphaned_state']);
  });

  it('a folder with a broken manifest is reported and recorded as an error, never reinstalled', async () => {
    const { deps } = await setup({
      ...local,
      config: { broken: { enabled: true } },
      folders: (dir) => {
        fs.mkdirSync(path.join(dir, 'broken'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'broken', 'manifest.json'), '{"id": "broken",');
      },
    });
    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.manual_fix_required).toEqual([
      expect.objectContaining({
        plugin_id: 'broken',
        type: 'plugin_invalid',
        description: expect.stringMatching(/JSON/),
      }),
    ]);
    expect(getPluginState(deps, 'broken')).toMatchObject({ status: 'error', enabled: false });
    expect(repairOps(deps)).toEqual([]);
  });

  it('a folder that was broken and is fixed by hand is picked up again', async () => {
    const { deps } = await setup({
      ...local,
      config: { clock: { enabled: true } },
      folders: (dir) => {
        writePluginFolder(dir, { id: 'clock' });
        fs.rmSync(path.join(dir, 'clock', 'index.js'));
      },
    });
    await deps.reconciler.run({ trigger: 'schedule' });
    expect(getPluginState(deps, 'clock')).toMatchObject({ status: 'error' });
    writePluginFolder(deps.settings.pluginsDir, { id: 'clock' });
    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.fixed).toEqual([expect.objectContaining({ plugin_id: 'clock', type: 'plugin_state_mismatch' })]);
    expect(getPluginState(deps, 'clock')).toMatchObject({ status: 'enabled', enabled: true });
  });

  it('a plugin the user uninstalled whose folder reappeared is reported, never reinstalled or deleted', async () => {
    const { deps } = await setup({
      ...local,
      config: { gone: { enabled: true }, kept: { enabled: true } },
      folders: (dir) => writePluginFolder(dir, { id: 'gone' }),
    });
    addTombstone(deps, { pluginId: 'gone' });
    addTombstone(deps, { pluginId: 'kept', preservedConfig: true });

    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.inconsistencies).toEqual([
      expect.objectContaining({ plugin_id: 'gone', type: 'plugin_tombstoned_present', outcome: 'manual' }),
    ]);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'gone', 'manifest.json'))).toBe(true);
    expect(getPluginState(deps, 'gone')).toMatchObject({ status: 'uninstalled', present: true });
    expect(repairOps(deps)).toEqual([]);
  });

  it('staging debris no operation owns is settled; a folder of a pending operation is left alone', async () => {
    const { deps } = await setup(local);
    deps.queue.register(recordingExecutor('noop'));
    const { operation } = deps.queue.enqueue({ kind: 'noop', key: 'x' });
    const staging = path.join(deps.settings.pluginsDir, '.staging');
    fs.mkdirSync(path.join(staging, 'left-behind', 'new'), { recursive: true });
    fs.mkdirSync(path.join(staging, operation.id), { recursive: true });

    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.fixed).toEqual([expect.objectContaining({ type: 'staging_debris' })]);
    expect(fs.readdirSync(staging)).toEqual([operation.id]);
  });

  it('a folder whose name cannot be a plugin id is reported', async () => {
    const { deps } = await setup({
      ...local,
      folders: (dir) => fs.mkdirSync(path.join(dir, 'My Plugin (copy)'), { recursive: true }),
    });
    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.manual_fix_required).toEqual([
      expect.objectContaining({
        type: 'plugin_folder_invalid',
        description: expect.stringContaining('My Plugin (copy)'),
      }),
    ]);
  });
});
