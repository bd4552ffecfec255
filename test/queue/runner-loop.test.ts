import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { testDeps } from '../support/deps.ts';
import { deferred, failing, recordingExecutor, untilAborted } from '../support/queue.ts';

describe('runner: timeouts', () => {
  it('aborts a hung executor at its timeout: failed with TIMEOUT while other work keeps moving', async () => {
    const deps = testDeps();
    const hung = recordingExecutor('hang', ({ signal }) => untilAborted(signal), { timeoutMs: 50, maxAttempts: 1 });
    deps.queue.register(hung);
    deps.queue.register(recordingExecutor('quick'));
    const h = deps.queue.enqueue({ kind: 'hang', key: 'a' });
    const q = deps.queue.enqueue({ kind: 'quick', key: 'b' });
    expect(await deps.queue.runOnce()).toBe(2);
    expect(deps.queue.get(q.operation.id)!.status).toBe('completed');
    expect(deps.queue.get(h.operation.id)).toMatchObject({
      status: 'failed',
      errorCode: 'TIMEOUT',
      errorMessage: 'Timed out after 50 ms',
    });
    const next = deps.queue.enqueue({ kind: 'quick', key: 'a' });
    await deps.queue.runOnce();
    expect(deps.queue.get(next.operation.id)!.status).toBe('completed');
  });

  it('a timeout is transient: retried while attempts remain', async () => {
    const deps = testDeps();
    let n = 0;
    deps.queue.register(
      recordingExecutor('flaky', async ({ signal }) => (++n === 1 ? untilAborted(signal) : { n }), { timeoutMs: 50 }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'flaky', key: 'a' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'pending', errorCode: 'TIMEOUT' });
    deps.clock.advance(5_000);
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', attempts: 2, result: { n: 2 } });
  });

  it('gives up on an executor that ignores its abort, fails it without retry and frees the key', async () => {
    const deps = testDeps({ 'shutdown.abortMs': 30 });
    deps.queue.register(recordingExecutor('deaf', () => new Promise(() => {}), { timeoutMs: 30, maxAttempts: 5 }));
    deps.queue.register(recordingExecutor('quick'));
    const { operation } = deps.queue.enqueue({ kind: 'deaf', key: 'a' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'failed', errorCode: 'TIMEOUT', attempts: 1 });
    expect(deps.log.lines.some((l) => String(l.msg).includes('ignored its abort signal'))).toBe(true);
    const next = deps.queue.enqueue({ kind: 'quick', key: 'a' });
    await deps.queue.runOnce();
    expect(deps.queue.get(next.operation.id)!.status).toBe('completed');
  });
});

describe('runner: ownership', () => {
  it('does not complete a row it no longer holds', async () => {
    const deps = testDeps();
    const started = deferred();
    const release = deferred();
    deps.queue.register(
      recordingExecutor('install', async () => {
        started.resolve();
        await release.promise;
        return { done: true };
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const run = deps.queue.runOnce();
    await started.promise;
    deps.db.sqlite.prepare(`UPDATE operations SET lease_owner = 'elsewhere/1/x' WHERE id = ?`).run(operation.id);
    release.resolve();
    await run;
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'running',
      leaseOwner: 'elsewhere/1/x',
      result: null,
    });
    expect(deps.log.lines.some((l) => String(l.msg).includes('no longer held'))).toBe(true);
  });
});

describe('runner: the live loop', () => {
  it('starts an enqueued operation at once, without waiting for the poll', async () => {
    // A 10 min poll: the operation can only start within the test if the enqueue wakes the loop.
    const deps = testDeps({ 'queue.pollMs': 600_000 });
    const started = deferred<void>();
    deps.queue.register(recordingExecutor('install', async () => started.resolve()));
    deps.tasks.startAll();
    await new Promise((r) => setImmediate(r)); // the loop's first pass finds nothing and sleeps
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    await started.promise;
    expect(deps.queue.get(operation.id)!.attempts).toBe(1);
  });

  it('runs different keys concurrently up to the setting, and one key never twice at once', async () => {
    const deps = testDeps({ 'limits.queueConcurrency': 2, 'queue.pollMs': 600_000 });
    const running = new Set<string>();
    let most = 0;
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    let holding = true;
    const allStarted = deferred();
    deps.queue.register(
      recordingExecutor('work', async ({ op }) => {
        if (running.has(op.key)) throw new Error(`key ${op.key} ran twice at once`);
        running.add(op.key);
        most = Math.max(most, running.size);
        log.push(`start ${op.key}`);
        const gate = deferred();
        gates.set(op.id, gate);
        if (log.length === 2) allStarted.resolve();
        if (holding) await gate.promise;
        running.delete(op.key);
      }),
    );
    const a1 = deps.queue.enqueue({ kind: 'work', key: 'a' });
    deps.queue.enqueue({ kind: 'work', key: 'b' });
    deps.queue.enqueue({ kind: 'work', key: 'c' });
    deps.tasks.startAll();
    await allStarted.promise;
    const a2 = deps.queue.enqueue({ kind: 'work', key: 'a' }); // identical to the running a1: a follow-up
    expect(log).toEqual(['start a', 'start b']);
    const finished = new Promise<void>((resolve) =>
      deps.events.subscribe((e) => {
        if (e.type === 'operation.finished' && (e.data as { operation_id: string }).operation_id === a2.operation.id)
          resolve();
      }),
    );
    // From now on nothing holds: release the two running, later ones run straight through.
    holding = false;
    gates.forEach((g) => g.resolve());
    await finished;
    expect(most).toBe(2);
    expect(log.slice(2).sort()).toEqual(['start a', 'start c']);
    expect(deps.queue.get(a1.operation.id)!.status).toBe('completed');
  });

  it('drain stops claiming and waits for running work', async () => {
    const deps = testDeps();
    const release = deferred();
    const started = deferred();
    deps.queue.register(
      recordingExecutor('install', async () => {
        started.resolve();
        await release.promise;
      }),
    );
    const a = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const run = deps.queue.runOnce();
    await started.promise;
    expect(await deps.queue.drain(10)).toBe(false);
    const b = deps.queue.enqueue({ kind: 'install', key: 'b' });
    release.resolve();
    expect(await deps.queue.drain(1_000)).toBe(true);
    await run;
    expect(await deps.queue.runOnce()).toBe(0);
    expect(deps.queue.get(a.operation.id)!.status).toBe('completed');
    expect(deps.queue.get(b.operation.id)!.status).toBe('pending');
  });

  it('idle, it sets no timer: with nothing pending it sleeps until an enqueue wakes it', async () => {
    const deps = testDeps();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const ran = deferred();
    deps.queue.register(recordingExecutor('install', async () => ran.resolve()));
    deps.tasks.startAll();
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); // a pass finds nothing and sleeps
    expect(timers.mock.calls.filter(([, ms]) => ms === deps.settings.queue.pollMs)).toEqual([]);
    deps.queue.enqueue({ kind: 'install', key: 'a' });
    await ran.promise;
    timers.mockRestore();
  });

  it('a retry comes due without a wake and without waiting for the poll interval', async () => {
    const deps = testDeps({ 'queue.pollMs': 600_000 });
    const backoff = { baseMs: 50, factor: 1, capMs: 50, jitter: 0 };
    deps.queue.register(recordingExecutor('flaky', failing('NETWORK_ERROR', 1), { backoff }));
    const retrying = new Promise<void>((resolve) =>
      deps.events.subscribe((e) => e.type === 'operation.retrying' && resolve()),
    );
    const { operation } = deps.queue.enqueue({ kind: 'flaky', key: 'a' });
    const finished = deps.queue.waitFor(operation.id, 60_000);
    deps.tasks.startAll();
    await retrying;
    deps.clock.advance(50);
    expect((await finished).operation).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('rejects a malformed executor at registration', () => {
    const deps = testDeps();
    expect(() => deps.queue.register({ kind: 'Bad Kind', timeoutMs: 1, run: async () => {} })).toThrow(TypeError);
    expect(() => deps.queue.register({ kind: 'ok', timeoutMs: 0, run: async () => {} })).toThrow(/timeoutMs/);
    deps.queue.register({ kind: 'ok', timeoutMs: 1, run: async () => {} });
    expect(() => deps.queue.register({ kind: 'ok', timeoutMs: 1, run: async () => {} })).toThrow(/twice/);
    expect(new AppError('TIMEOUT').transient).toBe(true);
  });
});
