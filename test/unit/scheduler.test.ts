import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { createScheduler } from '../../core/platform/scheduler.ts';
import { registerSchedules } from '../../core/app/schedules.ts';
import { testDeps } from '../support/deps.ts';

// Never due during a test: only runNow() starts the handlers.
const YEARLY = '0 0 1 1 *';

function setup() {
  const log = memoryLogger(manualClock());
  return { log, scheduler: createScheduler(log) };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('scheduler', () => {
  it('does not start a handler again while it is still running', async () => {
    const { scheduler } = setup();
    const gate = deferred();
    let runs = 0;
    scheduler.add('slow', YEARLY, async () => {
      runs += 1;
      await gate.promise;
    });
    const first = scheduler.runNow('slow');
    expect(scheduler.statuses()[0]).toMatchObject({ name: 'slow', running: true });
    expect(await scheduler.runNow('slow')).toBe(false);
    gate.resolve();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
    expect(scheduler.statuses()[0]).toMatchObject({ running: false, lastError: null });
    expect(await scheduler.runNow('slow')).toBe(true);
    expect(runs).toBe(2);
    await scheduler.stop();
  });

  it('records a failing handler (thrown or rejected) in its status and log, never throws it', async () => {
    const { scheduler, log } = setup();
    let fail: 'sync' | 'async' | null = 'sync';
    scheduler.add('flaky', YEARLY, () => {
      if (fail === 'sync') throw new Error('disk full, password=hunter2');
      if (fail === 'async') return Promise.reject(new TypeError('bad row'));
    });
    expect(await scheduler.runNow('flaky')).toBe(true);
    expect(scheduler.statuses()[0]).toMatchObject({
      running: false,
      lastError: 'Error: disk full, password=<redacted>',
    });
    fail = 'async';
    expect(await scheduler.runNow('flaky')).toBe(true);
    expect(scheduler.statuses()[0]!.lastError).toBe('TypeError: bad row');
    const lines = log.lines.filter((l) => l.msg === 'scheduled handler failed');
    expect(lines.map((l) => l.schedule)).toEqual(['flaky', 'flaky']);
    expect(JSON.stringify(log.lines)).not.toContain('hunter2');

    fail = null;
    await scheduler.runNow('flaky');
    expect(scheduler.statuses()[0]).toMatchObject({ lastError: null });
    expect(typeof scheduler.statuses()[0]!.lastDurationMs).toBe('number');
    await scheduler.stop();
  });

  it('reports each schedule with its cron and next run time', async () => {
    const { scheduler } = setup();
    scheduler.add('nightly', '0 3 * * *', () => undefined);
    const [status] = scheduler.statuses();
    expect(status).toMatchObject({ name: 'nightly', cron: '0 3 * * *', lastRunAt: null });
    expect(new Date(status!.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    await scheduler.stop();
  });

  it('refuses a duplicate name and an unknown one', async () => {
    const { scheduler } = setup();
    scheduler.add('a', YEARLY, () => undefined);
    expect(() => scheduler.add('a', YEARLY, () => undefined)).toThrow(TypeError);
    await expect(scheduler.runNow('nope')).rejects.toThrow(TypeError);
    await scheduler.stop();
  });

  it('stop() waits for running handlers and starts no new run', async () => {
    const { scheduler } = setup();
    const gate = deferred();
    let finished = false;
    scheduler.add('long', YEARLY, async () => {
      await gate.promise;
      finished = true;
    });
    void scheduler.runNow('long');
    const stopped = scheduler.stop();
    gate.resolve();
    await stopped;
    expect(finished).toBe(true);
    expect(await scheduler.runNow('long')).toBe(false);
  });

  it('registers every declared schedule with its handler (WAL checkpoint on the real database)', async () => {
    const deps = testDeps();
    registerSchedules(deps);
    expect(deps.scheduler.statuses().map((s) => s.name)).toEqual(Object.keys(deps.settings.schedules));
    expect(deps.scheduler.statuses().find((s) => s.name === 'walCheckpoint')?.cron).toBe('*/15 * * * *');
    expect(await deps.scheduler.runNow('walCheckpoint')).toBe(true);
    expect(deps.scheduler.statuses().find((s) => s.name === 'walCheckpoint')!.lastError).toBeNull();
  });
});
