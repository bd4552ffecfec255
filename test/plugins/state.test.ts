import { describe, expect, it } from 'vitest';
import { getPluginState, putPluginState, recordEnabled } from '../../core/plugins/state/rows.ts';
import { addTombstone, getTombstone, listTombstones, removeTombstone } from '../../core/plugins/state/tombstones.ts';
import { testDeps } from '../support/deps.ts';

const row = (id: string, status: 'installed' | 'error' | 'uninstalled') => ({
  id,
  name: id,
  version: '1.0.0',
  source: 'local' as const,
  path: `/plugins/${id}`,
  present: true,
  status,
});

describe('plugin_state', () => {
  it('a toggle makes a runnable plugin enabled or disabled and stamps the clock', () => {
    const deps = testDeps();
    putPluginState(deps, row('clock', 'installed'));
    deps.clock.advance(1_000);
    expect(recordEnabled(deps, 'clock', true)).toBe(true);
    expect(getPluginState(deps, 'clock')).toMatchObject({
      status: 'enabled',
      enabled: true,
      updatedAt: deps.clock.now(),
    });
    recordEnabled(deps, 'clock', false);
    expect(getPluginState(deps, 'clock')).toMatchObject({ status: 'disabled', enabled: false });
  });

  it('a toggle keeps the status of a broken plugin and never enables an uninstalled one', () => {
    const deps = testDeps();
    putPluginState(deps, row('broken', 'error'));
    putPluginState(deps, row('gone', 'uninstalled'));
    recordEnabled(deps, 'broken', true);
    recordEnabled(deps, 'gone', true);
    expect(getPluginState(deps, 'broken')).toMatchObject({ status: 'error', enabled: true });
    expect(getPluginState(deps, 'gone')).toMatchObject({ status: 'uninstalled', enabled: false });
    expect(recordEnabled(deps, 'unknown', true)).toBe(false);
  });
});

describe('tombstones', () => {
  it('are recorded idempotently, listed, and removed by reinstall', () => {
    const deps = testDeps();
    addTombstone(deps, { pluginId: 'b', version: '1.0.0', source: 'registry' });
    addTombstone(deps, { pluginId: 'a', preservedConfig: true });
    addTombstone(deps, { pluginId: 'a', preservedConfig: true });
    expect(listTombstones(deps).map((t) => t.pluginId)).toEqual(['a', 'b']);
    expect(getTombstone(deps, 'b')).toMatchObject({
      version: '1.0.0',
      source: 'registry',
      uninstalledAt: deps.clock.now(),
    });
    expect(removeTombstone(deps, 'a')).toBe(true);
    expect(removeTombstone(deps, 'a')).toBe(false);
  });
});
