import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../core/platform/clock.ts';
import { createGuardedTask, type GuardedTask } from '../../core/platform/tasks/guarded.ts';
import { memoryLogger } from '../../core/platform/log.ts';

const MINUTE = 60_000;
const POLICY = { baseMs: 1_000, factor: 2, capMs: 8_000, jitter: 0.2 };

/** Runs forever until aborted, like a healthy loop. */
const healthy = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

function setup(run: (signal: AbortSignal) => Promise<void>) {
  const clock = manualClock();
  const log = memoryLogger(clock);
  const task = createGuardedTask({ name: 'probe', run, clock, log, backoff: POLICY, random: () => 0 });
  const crashes = () => log.lines.filter((l) => l.msg === 'task crashed');
  /** Moves the task's clock and its timers together. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await vi.advanceTimersByTimeAsync(ms);
  };
  return { clock, log, task, crashes, advance };
}

let started: GuardedTask[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
  vi.useRealTimers();
});
const start = (task: GuardedTask) => {
  started.push(task);
  task.start();
};

describe('createGuardedTask', () => {
  it('restarts a crashing loop after capped exponential backoff: 1 s, 2 s, 4 s, 8 s, 8 s', async () => {
    let calls = 0;
    const { task, crashes, advance } = setup(async () => {
      calls += 1;
      throw new Error(`crash ${calls}`);
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(task.status()).toMatchObject({ state: 'restarting', restarts: 1, lastError: 'Error: crash 1' });

    for (const [i, delay] of [1_000, 2_000, 4_000, 8_000].entries()) {
      await advance(delay - 1);
      expect(calls).toBe(i + 1);
      await advance(1);
      expect(calls).toBe(i + 2);
    }
    expect(crashes().map((l) => l.delay_ms)).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('is failed after more than 3 restarts within 5 minutes, and keeps retrying', async () => {
    let calls = 0;
    const { task, crashes, advance } = setup(async () => {
      calls += 1;
      throw new Error('down');
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    await advance(1_000);
    await advance(2_000);
    expect(task.status()).toMatchObject({ state: 'restarting', restartsInWindow: 3 });
    await advance(4_000);
    expect(task.status()).toMatchObject({ state: 'failed', restarts: 4, restartsInWindow: 4 });
    expect(crashes().map((l) => l.failed)).toEqual([false, false, false, true]);
    await advance(8_000);
    expect(calls).toBe(5);
    expect(task.status().state).toBe('failed');
  });

  it('is not failed when the same number of restarts is spread over more than 5 minutes', async () => {
    const { task, clock, advance } = setup(async () => {
      throw new Error('now and then');
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    for (const delay of [1_000, 2_000, 4_000]) {
      clock.advance(2 * MINUTE);
      await advance(delay);
    }
    expect(task.status()).toMatchObject({ restarts: 4, restartsInWindow: 3, state: 'restarting' });
  });

  it('reports running again once a failed loop stays up past the window', async () => {
    let failing = true;
    const { task, advance } = setup(async (signal) => {
      if (failing) throw new Error('flaky disk');
      await healthy(signal);
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    for (const delay of [1_000, 2_000, 4_000]) await advance(delay);
    expect(task.status().state).toBe('failed');

    failing = false;
    await advance(8_000);
    // Up now, but its restarts are still inside the window.
    expect(task.status().state).toBe('failed');
    await advance(5 * MINUTE);
    expect(task.status()).toMatchObject({ state: 'running', restarts: 4, restartsInWindow: 0 });
  });

  it('starts the backoff over when a loop dies after running longer than the window', async () => {
    let outcome: 'crash' | 'hang' = 'crash';
    let kill: ((e: Error) => void) | null = null;
    const { task, crashes, advance } = setup(async () => {
      if (outcome === 'crash') throw new Error('early');
      await new Promise<void>((_resolve, reject) => (kill = reject));
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    await advance(1_000);
    outcome = 'hang';
    await advance(2_000);
    expect(task.status().state).toBe('running');

    await advance(10 * MINUTE);
    kill!(new Error('late'));
    await vi.advanceTimersByTimeAsync(0);
    expect(crashes().map((l) => l.delay_ms)).toEqual([1_000, 2_000, 1_000]);
  });

  it('counts a loop that returns before it is stopped as a crash', async () => {
    const { task } = setup(async () => undefined);
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    expect(task.status()).toMatchObject({
      state: 'restarting',
      restarts: 1,
      lastError: 'Error: task loop returned before it was stopped',
    });
  });

  it('keeps the last error redacted with its time, and logs it with the stack', async () => {
    const { task, clock, log } = setup(async () => {
      throw new Error('GET https://bot:s3cret@host.invalid/?token=abc failed');
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    const status = task.status();
    expect(status.lastError).toBe('Error: GET https://bot:<redacted>@host.invalid/?token=<redacted> failed');
    expect(status.lastErrorAt).toBe(new Date(clock.now()).toISOString());
    const line = log.lines.find((l) => l.msg === 'task crashed')!;
    expect(line).toMatchObject({ task: 'probe', restarts: 1 });
    expect(String(line.stack)).toContain('guarded-task.test.ts');
    expect(JSON.stringify(log.lines)).not.toContain('s3cret');
  });

  it('stop() aborts the running loop through its signal and waits for it', async () => {
    let seen: AbortSignal | null = null;
    let returned = false;
    const { task } = setup(async (signal) => {
      seen = signal;
      await healthy(signal);
      returned = true;
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    expect(task.status().state).toBe('running');
    await task.stop();
    expect(seen!.aborted).toBe(true);
    expect(returned).toBe(true);
    expect(task.status().state).toBe('stopped');
  });

  it('stop() during a restart backoff returns without waiting for the delay', async () => {
    let calls = 0;
    const { task } = setup(async () => {
      calls += 1;
      throw new Error('x');
    });
    start(task);
    await vi.advanceTimersByTimeAsync(0);
    await task.stop();
    expect(task.status().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
  });
});
