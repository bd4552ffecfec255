import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshSource } from '../../core/registry/refresh.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { repairOps, setup, TTL } from './helpers.ts';

const upstream = useUpstream();

/** `fakeplugin` in config; the registry lists only `clock`; its repair has run and failed. */
async function notInRegistry() {
  const s = await setup({ config: { fakeplugin: { enabled: true } } });
  const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
  upstream.use(ep.handler);
  s.deps.reconciler.listen();
  const first = await s.deps.reconciler.run({ trigger: 'startup' });
  await s.deps.queue.runOnce();
  await s.deps.reconciler.idle();
  return { ...s, ep, first };
}

describe('a plugin in config that no registry source has', () => {
  it('its repair fails as not in the registry, reported for a person; later runs do not look again; force asks again', async () => {
    const { deps, installer, first } = await notInRegistry();
    expect(first.fixed).toEqual([
      expect.objectContaining({
        plugin_id: 'fakeplugin',
        type: 'plugin_missing_on_disk',
        operation_id: expect.any(String),
      }),
    ]);
    expect(repairOps(deps)).toEqual([
      expect.objectContaining({ key: 'fakeplugin', status: 'failed', errorCode: 'PLUGIN_NOT_FOUND', attempts: 1 }),
    ]);
    // The repair that gave up asked for a run, which reports it.
    expect(deps.reconciler.latest()).toMatchObject({ trigger: 'repair', inconsistencies_manual: 1 });
    expect(deps.reconciler.latest()!.manual_fix_required).toEqual([
      expect.objectContaining({ plugin_id: 'fakeplugin', type: 'plugin_missing_on_disk' }),
    ]);
    expect(upstream.count(REGISTRY_URL)).toBe(1);

    // The cached registry has expired, so any look-up would fetch it: none happens.
    deps.clock.advance(TTL + 1);
    const second = await deps.reconciler.run({ trigger: 'schedule' });
    expect(second.inconsistencies_manual).toBe(1);
    expect(second.inconsistencies[0]).toMatchObject({ error_code: 'PLUGIN_NOT_FOUND', attempts: 1 });
    expect(upstream.count(REGISTRY_URL)).toBe(1);
    expect(repairOps(deps)).toHaveLength(1);

    const forced = await deps.reconciler.run({ trigger: 'api', force: true });
    expect(forced.forced).toBe(true);
    expect(forced.fixed).toEqual([
      expect.objectContaining({ plugin_id: 'fakeplugin', operation_id: expect.any(String) }),
    ]);
    // The forced run read the registry again before asking.
    expect(upstream.count(REGISTRY_URL)).toBe(2);
    await deps.queue.runOnce();
    expect(repairOps(deps).map((o) => [o.status, o.errorCode])).toEqual([
      ['failed', 'PLUGIN_NOT_FOUND'],
      ['failed', 'PLUGIN_NOT_FOUND'],
    ]);
    expect(installer.attempts).toEqual([]);
  });

  it('a forced run after the registry gained the plugin brings it back', async () => {
    const { deps, installer, ep } = await notInRegistry();
    ep.change(smallRegistry([entry('clock'), entry('fakeplugin')]), '"v2"');
    installer.publish({ id: 'fakeplugin' });
    const forced = await deps.reconciler.run({ trigger: 'api', force: true });
    expect(forced.fixed).toEqual([
      expect.objectContaining({ plugin_id: 'fakeplugin', operation_id: expect.any(String) }),
    ]);
    await deps.queue.runOnce();
    expect(repairOps(deps)[0]).toMatchObject({
      status: 'completed',
      requestedBy: 'reconciler',
      params: { plugin_id: 'fakeplugin' },
    });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'fakeplugin', 'manifest.json'))).toBe(true);
  });

  it('registry.changed asks for a run that queues its repair again: the plugin comes back with no user action', async () => {
    const { deps, installer, ep } = await notInRegistry();
    ep.change(smallRegistry([entry('clock'), entry('fakeplugin')]), '"v2"');
    installer.publish({ id: 'fakeplugin' });
    deps.clock.advance(TTL + 1);
    // A refresh operation finds the new document and announces registry.changed.
    const { operation } = enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.waitFor(operation.id, 5_000);
    await expect.poll(() => repairOps(deps).length).toBe(2);
    await deps.reconciler.idle();
    expect(deps.reconciler.latest()).toMatchObject({ trigger: 'registry', inconsistencies_fixed: 1 });

    await deps.queue.runOnce();
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'fakeplugin', 'manifest.json'))).toBe(true);
    const after = await deps.reconciler.run({ trigger: 'schedule' });
    expect(after.inconsistencies.filter((f) => f.type === 'plugin_missing_on_disk')).toEqual([]);
  });

  it('registry.changed starts no run when no repair waits on the registry', async () => {
    const { deps } = await setup({ sources: [] });
    deps.reconciler.listen();
    deps.events.publish('registry.changed', { source: REGISTRY_URL, reason: 'refresh' });
    await deps.reconciler.idle();
    expect(deps.reconciler.latest()).toBeNull();
    expect(deps.queue.history({ kind: 'reconcile' })).toEqual([]);
  });

  it('a refresh the reconciler was not told about is still noticed by the next scheduled run', async () => {
    const { deps, ep } = await notInRegistry();
    deps.reconciler.close();
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
    expect(repairOps(deps)).toEqual([expect.objectContaining({ key: 'weather', params: { plugin_id: 'weather' } })]);
    await deps.queue.runOnce();
    expect(installer.attempts).toEqual(['weather']);

    // Its settings stay under the old key and count as its section: no new section, no repair.
    const second = await deps.reconciler.run({ trigger: 'schedule' });
    expect(second.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_in_config');
    expect(second.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');
    expect((await deps.reconciler.run({ trigger: 'schedule' })).inconsistencies_found).toBe(0);
    expect(repairOps(deps)).toHaveLength(1);
    expect(deps.config.state().main).not.toHaveProperty('weather');
  });
});
