import { describe, expect, it } from 'vitest';
import { testDeps } from '../support/deps.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';

/** Executors that hold every attempt until `release()`. */
function held(kind: string, extra: Record<string, unknown> = {}) {
  const gate = deferred();
  const started: string[] = [];
  const executor = recordingExecutor(
    kind,
    async ({ op }) => {
      started.push(op.key);
      await gate.promise;
      return { ok: true };
    },
    extra,
  );
  return { executor, started, release: gate.resolve };
}

describe('lanes', () => {
  it('a kind with slots of its own runs while long work holds every shared slot', async () => {
    const deps = testDeps({ 'limits.queueConcurrency': 2 });
    const installs = held('install');
    const refresh = recordingExecutor('refresh', async () => ({ fetched: true }), { concurrency: 1 });
    deps.queue.register(installs.executor);
    deps.queue.register(refresh);
    for (const key of ['a', 'b', 'c']) deps.queue.enqueue({ kind: 'install', key });
    const busy = deps.queue.runOnce();
    await expect.poll(() => installs.started).toEqual(['a', 'b']);

    const { operation } = deps.queue.enqueue({ kind: 'refresh', key: 'source' });
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', result: { fetched: true } });
    // The third install still waits for a shared slot.
    expect(deps.queue.active('c')).toEqual([expect.objectContaining({ status: 'pending' })]);
    installs.release();
    await busy;
  });

  it('a lane never runs more than its own slots at once, and never takes shared ones', async () => {
    const deps = testDeps({ 'limits.queueConcurrency': 4 });
    const light = held('light', { concurrency: 2 });
    deps.queue.register(light.executor);
    deps.queue.register(recordingExecutor('noop'));
    for (const key of ['a', 'b', 'c']) deps.queue.enqueue({ kind: 'light', key });
    const noop = deps.queue.enqueue({ kind: 'noop', key: 'n' });
    const run = deps.queue.runOnce();
    await expect.poll(() => light.started).toEqual(['a', 'b']);
    await expect.poll(() => deps.queue.get(noop.operation.id)!.status).toBe('completed');
    expect(deps.queue.status().running).toBe(2);
    light.release();
    await run;
    expect(await deps.queue.runOnce()).toBe(1);
    expect(light.started).toEqual(['a', 'b', 'c']);
  });

  it('runOnce with kinds claims only those kinds', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install'));
    deps.queue.register(recordingExecutor('refresh', undefined, { concurrency: 1 }));
    const install = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const refresh = deps.queue.enqueue({ kind: 'refresh', key: 'b' });
    expect(await deps.queue.runOnce({ kinds: ['refresh'] })).toBe(1);
    expect(deps.queue.get(refresh.operation.id)!.status).toBe('completed');
    expect(deps.queue.get(install.operation.id)!.status).toBe('pending');
  });

  it('refuses a malformed lane or retention at registration', () => {
    const deps = testDeps();
    expect(() => deps.queue.register(recordingExecutor('a', undefined, { concurrency: 0 }))).toThrow(/concurrency/);
    expect(() => deps.queue.register(recordingExecutor('b', undefined, { keepFinished: -1 }))).toThrow(/keepFinished/);
    expect(() => deps.queue.register(recordingExecutor('c', undefined, { maxAttempts: 0 }))).toThrow(/maxAttempts/);
  });
});
