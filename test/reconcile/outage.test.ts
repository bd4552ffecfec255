import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { repairDelay } from '../../core/reconcile/backoff.ts';
import { getRepair } from '../../core/reconcile/repairs.ts';
import { SCHEDULED_HANDLERS } from '../../core/app/schedules.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { FIVE_MIN, installOps, setup } from './helpers.ts';

const upstream = useUpstream();
const iso = (ms: number) => new Date(ms).toISOString();

/** A registry that is unreachable while `net.down`. */
function flakyRegistry(body: string) {
  const net = { down: true };
  upstream.use(
    http.get(REGISTRY_URL, () =>
      net.down
        ? HttpResponse.error()
        : new HttpResponse(body, { headers: { 'content-type': 'application/json', etag: '"v1"' } }),
    ),
  );
  return net;
}

/** A new process on the same files, at the same time: whatever it knows comes from the database. */
function restart(old: TestDeps): TestDeps {
  const deps = testDeps({
    dataDir: old.settings.dataDir,
    configDir: old.settings.configDir,
    pluginsDir: old.settings.pluginsDir,
    'registry.sources': [REGISTRY_URL],
    'github.enrich': false,
  });
  deps.clock.set(old.clock.now());
  return deps;
}

describe('the registry cannot be reached', () => {
  it('at first start with no cache: deferred, never unrecoverable, and reinstalled by the schedule once the network is back', async () => {
    const { deps, installer } = await setup({ config: { clock: { enabled: true } } });
    const net = flakyRegistry(smallRegistry([entry('clock')]));
    installer.publish({ id: 'clock' });
    const t0 = deps.clock.now();

    const first = await deps.reconciler.run({ trigger: 'startup' });
    expect(first.inconsistencies_manual).toBe(0);
    expect(first.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'clock', attempts: 1, next_attempt_at: iso(t0 + 30_000) }),
    ]);
    expect(getRepair(deps, 'clock')).toMatchObject({ unrecoverable: false, lastErrorCode: 'REGISTRY_UNAVAILABLE' });

    net.down = false;
    deps.clock.advance(FIVE_MIN);
    await SCHEDULED_HANDLERS.reconcile(deps);
    expect(installOps(deps)).toEqual([
      expect.objectContaining({ key: 'clock', params: { plugin_id: 'clock' }, requestedBy: 'reconciler' }),
    ]);
    await deps.queue.runOnce();
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'clock', 'manifest.json'))).toBe(true);

    deps.clock.advance(FIVE_MIN);
    const settled = await deps.reconciler.run({ trigger: 'schedule' });
    expect(settled.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');
    expect(getRepair(deps, 'clock')).toBeUndefined();
  });

  it('repeated failures follow the backoff table, and a restart keeps the schedule', async () => {
    const first = await setup({ config: { clock: { enabled: true } } });
    flakyRegistry(smallRegistry([entry('clock')]));
    let deps = first.deps;
    for (let n = 1; n <= 12; n++) {
      const at = deps.clock.now();
      const calls = upstream.calls.length;
      await deps.reconciler.run({ trigger: 'schedule' });
      expect(getRepair(deps, 'clock')).toMatchObject({ attempts: n, nextAttemptAt: at + repairDelay(n) });
      // At most one fetch per attempt, and none while waiting.
      expect(upstream.calls.length - calls).toBeLessThanOrEqual(1);
      deps.clock.set(at + repairDelay(n) - 1);
      if (n === 3) deps = restart(deps);
      const waiting = upstream.calls.length;
      const skipped = await deps.reconciler.run({ trigger: 'schedule' });
      expect(skipped.deferred).toEqual([
        expect.objectContaining({ attempts: n, next_attempt_at: iso(at + repairDelay(n)) }),
      ]);
      expect(upstream.calls.length).toBe(waiting);
      deps.clock.advance(1);
    }
    expect(getRepair(deps, 'clock')).toMatchObject({ unrecoverable: false, attempts: 12 });
  });
});

describe('an install that fails', () => {
  it('is retried once per backoff interval, never while its operation is pending, and the count resets on success', async () => {
    const { deps, installer, offline } = await setup({ config: { clock: { enabled: true } } });
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(smallRegistry([entry('clock')]), { headers: { etag: '"v1"' } })),
    );
    installer.publish({ id: 'clock' });
    offline.value = true;
    const t0 = deps.clock.now();

    await deps.reconciler.run({ trigger: 'startup' });
    deps.clock.advance(40_000);
    const pending = await deps.reconciler.run({ trigger: 'schedule' });
    expect(pending.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'clock', action: expect.stringMatching(/pending/) }),
    ]);
    expect(installOps(deps)).toHaveLength(1);

    await deps.queue.runOnce();
    expect(installOps(deps)[0]).toMatchObject({ status: 'failed', errorCode: 'NETWORK_ERROR' });
    deps.clock.set(t0 + 30_000 + 1);
    await deps.reconciler.run({ trigger: 'schedule' });
    expect(installOps(deps)).toHaveLength(2);
    expect(getRepair(deps, 'clock')).toMatchObject({ attempts: 2, nextAttemptAt: t0 + 30_001 + 60_000 });

    await deps.queue.runOnce();
    deps.clock.advance(30_000);
    const waiting = await deps.reconciler.run({ trigger: 'schedule' });
    expect(waiting.deferred).toEqual([expect.objectContaining({ plugin_id: 'clock', attempts: 2 })]);
    expect(getRepair(deps, 'clock')).toMatchObject({ lastErrorCode: 'NETWORK_ERROR' });
    expect(installOps(deps)).toHaveLength(2);

    offline.value = false;
    deps.clock.advance(30_000);
    await deps.reconciler.run({ trigger: 'schedule' });
    await deps.queue.runOnce();
    expect(installer.attempts).toEqual(['clock', 'clock', 'clock']);
    await deps.reconciler.run({ trigger: 'schedule' });
    expect(getRepair(deps, 'clock')).toBeUndefined();
  });
});
