import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { operationView } from '../../core/queue/index.ts';
import { testDeps } from '../support/deps.ts';
import { deferred, failing, recordingExecutor } from '../support/queue.ts';

const FIVE_MIN = 5 * 60_000;
const backoff = { baseMs: 1_000, factor: 2, capMs: 4_000, jitter: 0 };

describe('retries', () => {
  it('with no attempt limit, a transient failure is retried for as long as it lasts, capped by the backoff', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('mend', failing('NETWORK_ERROR', 12), { maxAttempts: Infinity, backoff }));
    const { operation } = deps.queue.enqueue({ kind: 'mend', key: 'clock' });
    const waits: number[] = [];
    for (let n = 1; n <= 12; n++) {
      await deps.queue.runOnce();
      const op = deps.queue.get(operation.id)!;
      expect(op).toMatchObject({ status: 'pending', attempts: n, errorCode: 'NETWORK_ERROR' });
      waits.push(op.runAt - deps.clock.now());
      deps.clock.set(op.runAt);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, ...Array(9).fill(4_000)]);
    expect(deps.queue.get(operation.id)!.message).toBe('Attempt 12 failed (NETWORK_ERROR); retrying in 4 s');
    expect(operationView(deps.queue.get(operation.id)!)).toMatchObject({ attempts: 12, max_attempts: null });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', attempts: 13 });
  });

  it('a terminal failure still ends it at once', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('mend', failing('PLUGIN_NOT_FOUND'), { maxAttempts: Infinity }));
    const { operation } = deps.queue.enqueue({ kind: 'mend', key: 'clock' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'failed',
      errorCode: 'PLUGIN_NOT_FOUND',
      attempts: 1,
    });
  });

  it("an error's Retry-After makes the wait at least that long", async () => {
    const deps = testDeps();
    const limited = new AppError('UPSTREAM_RATE_LIMITED', { headers: { 'Retry-After': '600' } });
    let n = 0;
    deps.queue.register(
      recordingExecutor(
        'fetch',
        async () => {
          if (++n === 1) throw limited;
          return { ok: true };
        },
        { backoff },
      ),
    );
    const { operation } = deps.queue.enqueue({ kind: 'fetch', key: 'k' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)!.runAt).toBe(deps.clock.now() + 600_000);
  });

  it('retryNow makes a waiting retry due at once, keeping its attempts; nothing else is touched', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('mend', failing('NETWORK_ERROR', 1), { maxAttempts: Infinity }));
    const { operation } = deps.queue.enqueue({ kind: 'mend', key: 'clock' });
    await deps.queue.runOnce();
    expect(await deps.queue.runOnce()).toBe(0);
    expect(deps.queue.retryNow(operation.id)).toMatchObject({ runAt: deps.clock.now(), attempts: 1 });
    expect(deps.queue.retryNow(operation.id)).toBeNull();
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(deps.queue.retryNow(operation.id)).toBeNull();
  });

  it('runAt delays the first attempt', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('later'));
    const { operation } = deps.queue.enqueue({ kind: 'later', key: 'k', runAt: deps.clock.now() + FIVE_MIN });
    expect(await deps.queue.runOnce()).toBe(0);
    deps.clock.advance(FIVE_MIN);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(operation.id)!.status).toBe('completed');
  });

  it('waitForAttempt ends with the attempt, whether it finished or now waits for a retry', async () => {
    const deps = testDeps();
    const gate = deferred();
    deps.queue.register(
      recordingExecutor('flaky', async () => {
        await gate.promise;
        throw new AppError('NETWORK_ERROR');
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'flaky', key: 'k' });
    const attempt = deps.queue.waitForAttempt(operation.id, 5_000);
    const run = deps.queue.runOnce();
    gate.resolve();
    expect(await attempt).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'NETWORK_ERROR' });
    await run;
    await expect(deps.queue.waitForAttempt('00000000-0000-4000-8000-000000000000', 10)).rejects.toMatchObject({
      code: 'OPERATION_NOT_FOUND',
    });
  });
});
