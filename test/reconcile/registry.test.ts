import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRepair } from '../../core/reconcile/repairs.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { installOps, setup, TTL } from './helpers.ts';

const upstream = useUpstream();

describe('a plugin in config that no registry source has', () => {
  it('is one finding with no install, is not looked up again on the next run, and force retries', async () => {
    const { deps } = await setup({ config: { fakeplugin: { enabled: true } } });
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);

    const first = await deps.reconciler.run({ trigger: 'startup' });
    expect(first.inconsistencies_found).toBe(1);
    expect(first.manual_fix_required).toEqual([
      expect.objectContaining({ plugin_id: 'fakeplugin', type: 'plugin_missing_on_disk' }),
    ]);
    expect(getRepair(deps, 'fakeplugin')).toMatchObject({ unrecoverable: true, attempts: 0 });
    expect(upstream.count(REGISTRY_URL)).toBe(1);

    // The cached registry has expired, so any look-up would fetch it: none happens.
    deps.clock.advance(TTL + 1);
    const second = await deps.reconciler.run({ trigger: 'schedule' });
    expect(second.inconsistencies_manual).toBe(1);
    expect(upstream.count(REGISTRY_URL)).toBe(1);

    const forced = await deps.reconciler.run({ trigger: 'api', force: true });
    expect(forced.forced).toBe(true);
    expect(forced.inconsistencies_manual).toBe(1);
    expect(upstream.count(REGISTRY_URL)).toBe(2);
    expect(installOps(deps)).toEqual([]);
  });

  it('a forced run after the registry gained the plugin queues its reinstall', async () => {
    const { deps, installer } = await setup({ config: { fakeplugin: { enabled: true } } });
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await deps.reconciler.run({ trigger: 'startup' });
    ep.change(smallRegistry([entry('clock'), entry('fakeplugin')]), '"v2"');
    installer.publish({ id: 'fakeplugin' });

    const forced = await deps.reconciler.run({ trigger: 'api', force: true });
    expect(forced.fixed).toEqual([
      expect.objectContaining({ plugin_id: 'fakeplugin', operation_id: expect.any(String) }),
    ]);
    expect(installOps(deps)).toEqual([
      expect.objectContaining({ key: 'fakeplugin', params: { plugin_id: 'fakeplugin' }, requestedBy: 'reconciler' }),
    ]);
  });

  it('registry.changed clears the mark and runs once: the plugin comes back with no user action', async () => {
    const { deps, installer } = await setup({ config: { fakeplugin: { enabled: true } } });
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    deps.reconciler.listen();
    await deps.reconciler.run({ trigger: 'startup' });

    ep.change(smallRegistry([entry('clock'), entry('fakeplugin')]), '"v2"');
    installer.publish({ id: 'fakeplugin' });
    deps.clock.advance(TTL + 1);
    await refreshSource(deps, REGISTRY_URL);
    deps.events.publish('registry.changed', { source: REGISTRY_URL, reason: 'refresh' });
    await deps.reconciler.idle();

    expect(deps.reconciler.latest()).toMatchObject({ trigger: 'registry', inconsistencies_fixed: 1 });
    await deps.queue.runOnce();
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'fakeplugin', 'manifest.json'))).toBe(true);
    const after = await deps.reconciler.run({ trigger: 'schedule' });
    expect(after.inconsistencies.filter((f) => f.type === 'plugin_missing_on_disk')).toEqual([]);
    expect(getRepair(deps, 'fakeplugin')).toBeUndefined();
  });

  it('registry.changed starts no run when no plugin waits on the registry', async () => {
    const { deps } = await setup({ sources: [] });
    deps.reconciler.listen();
    deps.events.publish('registry.changed', { source: REGISTRY_URL, reason: 'refresh' });
    await deps.reconciler.idle();
    expect(deps.reconciler.latest()).toBeNull();
  });

  it('a refresh the reconciler was not told about is still noticed by the next scheduled run', async () => {
    const { deps } = await setup({ config: { fakeplugin: { enabled: true } } });
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await deps.reconciler.run({ trigger: 'startup' });
    ep.change(smallRegistry([entry('fakeplugin')]), '"v2"');
    deps.clock.advance(TTL + 1);
    await refreshSource(deps, REGISTRY_URL);

    const next = await deps.reconciler.run({ trigger: 'schedule' });
    expect(next.fixed).toEqual([expect.objectContaining({ plugin_id: 'fakeplugin' })]);
    expect(upstream.count(REGISTRY_URL)).toBe(2);
  });

  it("LEDMatrix's ledmatrix- prefix resolves to the registry id without it", async () => {
    const { deps, installer } = await setup({ config: { 'ledmatrix-weather': { enabled: true, city: 'Oslo' } } });
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('weather')])).handler);
    installer.publish({ id: 'weather' });

    const first = await deps.reconciler.run({ trigger: 'startup' });
    expect(first.fixed).toEqual([expect.objectContaining({ plugin_id: 'weather', type: 'plugin_missing_on_disk' })]);
    expect(installOps(deps)).toEqual([expect.objectContaining({ key: 'weather', params: { plugin_id: 'weather' } })]);
    await deps.queue.runOnce();

    // Its settings stay under the old key and count as its section: no new section, no reinstall.
    const second = await deps.reconciler.run({ trigger: 'schedule' });
    expect(second.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_in_config');
    expect(second.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');
    expect((await deps.reconciler.run({ trigger: 'schedule' })).inconsistencies_found).toBe(0);
    expect(installOps(deps)).toHaveLength(1);
    expect(deps.config.state().main).not.toHaveProperty('weather');
  });
});
