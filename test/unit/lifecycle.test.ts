import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../core/platform/clock.ts';
import { createLifecycle } from '../../core/platform/lifecycle.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { runShutdown } from '../../core/app/shutdown.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('lifecycle', () => {
  it('counts requests in flight; leaving twice counts once', () => {
    const lc = createLifecycle();
    const a = lc.enter();
    const b = lc.enter();
    expect(lc.inflight).toBe(2);
    a();
    a();
    expect(lc.inflight).toBe(1);
    b();
    expect(lc.inflight).toBe(0);
  });

  it('drains and aborts on request, with a reason on the signal', () => {
    const lc = createLifecycle();
    expect(lc.draining).toBe(false);
    lc.beginDrain();
    expect(lc.draining).toBe(true);
    expect(lc.signal.aborted).toBe(false);
    lc.abort();
    expect(lc.signal.aborted).toBe(true);
    expect((lc.signal.reason as Error).message).toBe('shutting down');
  });

  it('idle() resolves true at once when nothing is in flight', async () => {
    await expect(createLifecycle().idle(1_000)).resolves.toBe(true);
  });

  it('idle() resolves true when the last request leaves, for every waiter', async () => {
    const lc = createLifecycle();
    const leaveA = lc.enter();
    const leaveB = lc.enter();
    const waits = [lc.idle(10_000), lc.idle(10_000)];
    let settled = false;
    void Promise.all(waits).then(() => (settled = true));
    leaveA();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    leaveB();
    await expect(Promise.all(waits)).resolves.toEqual([true, true]);
  });

  it('idle() resolves false after its timeout while requests remain, and forgets that waiter', async () => {
    const lc = createLifecycle();
    const leave = lc.enter();
    const wait = lc.idle(500);
    await vi.advanceTimersByTimeAsync(499);
    let result: boolean | null = null;
    void wait.then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBe(false);
    leave();
    expect(lc.inflight).toBe(0);
  });
});

describe('runShutdown', () => {
  function plan(graceMs: number, abortMs: number) {
    const lifecycle = createLifecycle();
    const log = memoryLogger(manualClock());
    const closed: string[] = [];
    return {
      lifecycle,
      log,
      closed,
      plan: {
        lifecycle,
        log,
        graceMs,
        abortMs,
        close: [
          () => void closed.push('server'),
          async () => {
            closed.push('tasks');
            throw new Error('task refused to stop');
          },
          () => void closed.push('db'),
        ],
      },
    };
  }

  it('waits for in-flight work within the grace period, then closes everything in order', async () => {
    const { lifecycle, log, closed, plan: p } = plan(1_000, 500);
    const leave = lifecycle.enter();
    let done = false;
    const shutdown = runShutdown(p, 'SIGTERM').then(() => (done = true));
    expect(lifecycle.draining).toBe(true);
    await vi.advanceTimersByTimeAsync(900);
    expect(closed).toEqual([]);
    leave();
    await vi.advanceTimersByTimeAsync(0);
    await shutdown;
    expect(done).toBe(true);
    expect(lifecycle.signal.aborted).toBe(false);
    expect(closed).toEqual(['server', 'tasks', 'db']);
    expect(log.lines.find((l) => l.msg === 'shutdown: close step failed')).toMatchObject({
      error: 'task refused to stop',
    });
  });

  it('aborts what is still running after the grace period and waits at most the abort period', async () => {
    const { lifecycle, log, closed, plan: p } = plan(1_000, 500);
    lifecycle.enter();
    const shutdown = runShutdown(p, 'SIGTERM');
    await vi.advanceTimersByTimeAsync(999);
    expect(lifecycle.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lifecycle.signal.aborted).toBe(true);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    await shutdown;
    expect(closed).toEqual(['server', 'tasks', 'db']);
    expect(log.lines.map((l) => l.msg)).toContain('shutdown: grace period over, aborting remaining work');
  });

  it('waits for background work given to it, within the same grace period', async () => {
    const { lifecycle, closed, plan: p } = plan(1_000, 500);
    let finishWork!: () => void;
    const work = new Promise<void>((r) => (finishWork = r));
    const shutdown = runShutdown({ ...p, drainWork: [() => work] }, 'SIGINT');
    await vi.advanceTimersByTimeAsync(300);
    expect(closed).toEqual([]);
    finishWork();
    await shutdown;
    expect(lifecycle.signal.aborted).toBe(false);
    expect(closed).toEqual(['server', 'tasks', 'db']);
  });
});
