import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { repairDelay } from '../../core/reconcile/backoff.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { fixtureInstallExecutor } from '../support/install-executor.ts';
import { entry, REGISTRY_URL, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';
import { runInBackground, stopBackground } from '../support/queue.ts';
import { BACKGROUND_KINDS, FIVE_MIN, repairOps, setup } from './helpers.ts';

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
async function restart(old: TestDeps): Promise<TestDeps> {
  await stopBackground(old);
  const deps = testDeps({
    dataDir: old.settings.dataDir,
    configDir: old.settings.configDir,
    pluginsDir: old.settings.pluginsDir,
    'registry.sources': [REGISTRY_URL],
    'github.enrich': false,
  });
  deps.clock.set(old.clock.now());
  deps.queue.register(fixtureInstallExecutor(deps, { archiveDir: tempDir() }));
  runInBackground(deps, BACKGROUND_KINDS);
  return deps;
}

describe('the registry cannot be reached', () => {
  it('at first start with no cache: the repair waits for its retry, never gives up, and reinstalls once the network is back', async () => {
    const { deps, installer } = await setup({ config: { clock: { enabled: true } } });
    const net = flakyRegistry(smallRegistry([entry('clock')]));
    installer.publish({ id: 'clock' });
    const t0 = deps.clock.now();

    const first = await deps.reconciler.run({ trigger: 'startup' });
    expect(first.fixed).toEqual([expect.objectContaining({ plugin_id: 'clock', operation_id: expect.any(String) })]);
    await deps.queue.runOnce();
    const [repair] = repairOps(deps);
    expect(repair).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'REGISTRY_UNAVAILABLE' });
    expect(repair!.runAt).toBe(t0 + 30_000);

    const second = await deps.reconciler.run({ trigger: 'schedule' });
    expect(second.inconsistencies_manual).toBe(0);
    expect(second.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'clock', attempts: 1, next_attempt_at: iso(t0 + 30_000) }),
    ]);
    expect(second.inconsistencies[0]).toMatchObject({ error_code: 'REGISTRY_UNAVAILABLE' });

    net.down = false;
    deps.clock.advance(FIVE_MIN);
    await deps.queue.runOnce();
    expect(repairOps(deps)).toEqual([expect.objectContaining({ id: repair!.id, status: 'completed', attempts: 2 })]);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'clock', 'manifest.json'))).toBe(true);

    deps.clock.advance(FIVE_MIN);
    const settled = await deps.reconciler.run({ trigger: 'schedule' });
    expect(settled.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');
  });

  it('repeated failures follow the backoff table with no attempt limit, and a restart keeps the schedule', async () => {
    const first = await setup({ config: { clock: { enabled: true } } });
    flakyRegistry(smallRegistry([entry('clock')]));
    let deps = first.deps;
    await deps.reconciler.run({ trigger: 'startup' });
    const id = repairOps(deps)[0]!.id;
    for (let n = 1; n <= 12; n++) {
      const at = deps.clock.now();
      const calls = upstream.calls.length;
      await deps.queue.runOnce();
      expect(deps.queue.get(id)).toMatchObject({ status: 'pending', attempts: n, runAt: at + repairDelay(n) });
      // At most one fetch per attempt, and none while waiting.
      expect(upstream.calls.length - calls).toBeLessThanOrEqual(1);
      deps.clock.set(at + repairDelay(n) - 1);
      if (n === 3) deps = await restart(deps);
      // Waiting: no attempt, whatever runs (the source's own refresh retries are its business).
      expect(await deps.queue.runOnce({ kinds: ['repair'] })).toBe(0);

      const skipped = await deps.reconciler.run({ trigger: 'schedule' });
      expect(skipped.deferred).toEqual([
        expect.objectContaining({ attempts: n, next_attempt_at: iso(at + repairDelay(n)) }),
      ]);
      expect(deps.queue.get(id)).toMatchObject({ status: 'pending', attempts: n });
      deps.clock.advance(1);
    }
    expect(repairOps(deps)).toEqual([expect.objectContaining({ id, status: 'pending', attempts: 12 })]);
  });
});

describe('an install that fails', () => {
  it('one repair operation holds every attempt, retried once per backoff interval; a later loss starts a new one', async () => {
    const { deps, installer, offline } = await setup({ config: { clock: { enabled: true } } });
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(smallRegistry([entry('clock')]), { headers: { etag: '"v1"' } })),
    );
    installer.publish({ id: 'clock' });
    offline.value = true;
    await deps.reconciler.run({ trigger: 'startup' });
    deps.clock.advance(40_000);
    const pending = await deps.reconciler.run({ trigger: 'schedule' });
    expect(pending.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'clock', action: expect.stringMatching(/pending/) }),
    ]);
    expect(repairOps(deps)).toHaveLength(1);
    await deps.queue.runOnce();
    const t1 = deps.clock.now();
    expect(repairOps(deps)[0]).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'NETWORK_ERROR' });
    deps.clock.advance(30_000 - 1);
    expect(await deps.queue.runOnce()).toBe(0);
    const waiting = await deps.reconciler.run({ trigger: 'schedule' });
    expect(waiting.deferred).toEqual([
      expect.objectContaining({
        plugin_id: 'clock',
        attempts: 1,
        next_attempt_at: iso(t1 + 30_000),
        action: expect.stringMatching(/^Waiting before the next attempt \(last attempt: .*offline/),
      }),
    ]);
    expect(repairOps(deps)).toHaveLength(1);

    deps.clock.advance(1);
    await deps.queue.runOnce();
    expect(repairOps(deps)[0]).toMatchObject({ attempts: 2, runAt: deps.clock.now() + 60_000 });
    offline.value = false;
    deps.clock.advance(60_000);
    await deps.queue.runOnce();
    expect(installer.attempts).toEqual(['clock', 'clock', 'clock']);
    expect(repairOps(deps)).toEqual([expect.objectContaining({ status: 'completed', attempts: 3 })]);
    const back = await deps.reconciler.run({ trigger: 'schedule' });
    expect(back.inconsistencies.map((f) => f.type)).not.toContain('plugin_missing_on_disk');

    fs.rmSync(path.join(deps.settings.pluginsDir, 'clock'), { recursive: true });
    const lost = await deps.reconciler.run({ trigger: 'schedule' });
    expect(lost.fixed.map((f) => f.type)).toEqual(['plugin_state_mismatch', 'plugin_missing_on_disk']);
    expect(repairOps(deps).map((o) => [o.status, o.attempts])).toEqual([
      ['pending', 0],
      ['completed', 3],
    ]);
  });
});
