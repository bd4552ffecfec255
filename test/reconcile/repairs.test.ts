import { lookupFresh } from '../../core/registry/fresh.ts';
import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { uninstallExecutor } from '../../core/plugins/ops/uninstall.ts';
import { isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { jsonInit, testApp } from '../support/deps.ts';
import { entry, REGISTRY_URL, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { writePluginFolder } from '../support/zip.ts';
import { repairOps, setup } from './helpers.ts';

const upstream = useUpstream();

/** `clock` configured, on no disk; its repair failed once (offline) and waits 30 s for its next attempt. */
async function waitingRepair(opts: { folder?: boolean } = {}) {
  const s = await setup({
    config: { clock: { enabled: true } },
    folders: opts.folder ? (dir) => writePluginFolder(dir, { id: 'clock' }) : undefined,
  });
  if (opts.folder) fs.rmSync(path.join(s.deps.settings.pluginsDir, 'clock'), { recursive: true });
  upstream.use(
    http.get(REGISTRY_URL, () => new HttpResponse(smallRegistry([entry('clock')]), { headers: { etag: '"v1"' } })),
  );
  s.installer.publish({ id: 'clock' });
  s.offline.value = true;
  await s.deps.reconciler.run({ trigger: 'startup' });
  await s.deps.queue.runOnce();
  const repair = repairOps(s.deps)[0]!;
  expect(repair).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'NETWORK_ERROR' });
  expect(repair.runAt).toBe(s.deps.clock.now() + 30_000);
  s.offline.value = false;
  const { app } = await testApp(s.deps);
  return { ...s, app, repair };
}

describe('a repair waiting for its next attempt', () => {
  it("never stands in the way of a person's install: the install replaces it", async () => {
    const { deps, app, repair } = await waitingRepair();
    const res = await app.request('/api/v3/plugins/install', jsonInit('POST', { plugin_id: 'clock' }));
    expect(res.status).toBe(202);
    const install = (await res.json()).data.operation_id as string;
    expect(deps.queue.get(repair.id)).toMatchObject({
      status: 'cancelled',
      result: { superseded_by: install },
      message: `Superseded by install operation ${install}`,
    });

    await deps.queue.runOnce();
    expect(deps.queue.get(install)).toMatchObject({ kind: 'install', status: 'completed', requestedBy: 'api' });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'clock', 'manifest.json'))).toBe(true);
    const next = await deps.reconciler.run({ trigger: 'schedule' });
    expect(next.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');
    expect(repairOps(deps)).toHaveLength(1);
  });

  it('an uninstall replaces it and stops further repairs', async () => {
    const { deps, app, repair } = await waitingRepair({ folder: true });
    deps.queue.register(uninstallExecutor({ ...deps, lookup: (id, o) => lookupFresh(deps, id, o) }, 60_000));
    const answer = app.request('/api/v3/plugins/uninstall', jsonInit('POST', { plugin_id: 'clock' }));
    await vi.waitUntil(() => deps.queue.get(repair.id)!.status === 'cancelled');
    await deps.queue.runOnce();
    const res = await answer;
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ operation_type: 'uninstall', status: 'completed' });
    expect(isTombstoned(deps, 'clock')).toBe(true);

    deps.clock.advance(60 * 60_000);
    const next = await deps.reconciler.run({ trigger: 'schedule', force: true });
    expect(next.inconsistencies.filter((f) => f.type === 'plugin_missing_on_disk')).toEqual([]);
    expect(await deps.queue.runOnce()).toBe(0);
    expect(repairOps(deps).map((o) => o.status)).toEqual(['cancelled']);
  });

  it('a forced run makes it try now; a plain one leaves it to its backoff', async () => {
    const { deps, repair, installer } = await waitingRepair();
    const plain = await deps.reconciler.run({ trigger: 'schedule' });
    expect(plain.deferred).toEqual([expect.objectContaining({ plugin_id: 'clock', attempts: 1 })]);
    expect(plain.inconsistencies[0]).toMatchObject({ operation_id: repair.id, error_code: 'NETWORK_ERROR' });
    expect(await deps.queue.runOnce()).toBe(0);

    await deps.reconciler.run({ trigger: 'api', force: true });
    expect(deps.queue.get(repair.id)).toMatchObject({ status: 'pending', attempts: 1, runAt: deps.clock.now() });
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(repair.id)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(installer.attempts).toEqual(['clock', 'clock']);
  });
});
