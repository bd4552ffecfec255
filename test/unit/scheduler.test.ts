import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock, systemClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { createScheduler } from '../../core/platform/scheduler.ts';
import { registerSchedules, SCHEDULED_OPERATIONS } from '../../core/app/schedules.ts';
import { testDeps } from '../support/deps.ts';

// Never due during a test: only fire() enqueues.
const YEARLY = '0 0 1 1 *';

function setup() {
  const clock = manualClock(Date.parse('2026-03-01T10:00:00Z'));
  const log = memoryLogger(clock);
  return { clock, log, scheduler: createScheduler(log, clock) };
}

describe('scheduler', () => {
  it('a firing only enqueues: its status says when and which operation, and keeps no running flag', () => {
    const { scheduler, clock } = setup();
    let n = 0;
    scheduler.add('tick', YEARLY, () => ({ id: `op-${++n}`, kind: 'tick' }));
    expect(scheduler.statuses()[0]).toEqual({
      name: 'tick',
      cron: YEARLY,
      lastEnqueuedAt: null,
      lastOperation: null,
      lastError: null,
      nextRunAt: expect.any(String),
    });
    expect(scheduler.fire('tick')).toEqual({ id: 'op-1', kind: 'tick' });
    clock.advance(1_000);
    expect(scheduler.fire('tick')).toEqual({ id: 'op-2', kind: 'tick' });
    expect(scheduler.statuses()[0]).toMatchObject({
      lastEnqueuedAt: '2026-03-01T10:00:01.000Z',
      lastOperation: { id: 'op-2', kind: 'tick' },
    });
    expect(scheduler.statuses()[0]).not.toHaveProperty('running');
    scheduler.stop();
  });

  it('a firing that cannot enqueue is logged and kept in its status, never thrown; the next success clears it', () => {
    const { scheduler, log } = setup();
    let full = true;
    scheduler.add('flaky', YEARLY, () => {
      if (full) throw new Error('queue full, password=hunter2');
      return { id: 'op', kind: 'flaky' };
    });
    expect(scheduler.fire('flaky')).toBeNull();
    expect(scheduler.statuses()[0]).toMatchObject({
      lastError: 'Error: queue full, password=<redacted>',
      lastOperation: null,
    });
    expect(log.lines.filter((l) => l.msg === 'scheduled operation not enqueued').map((l) => l.schedule)).toEqual([
      'flaky',
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('hunter2');
    full = false;
    expect(scheduler.fire('flaky')).toEqual({ id: 'op', kind: 'flaky' });
    expect(scheduler.statuses()[0]).toMatchObject({ lastError: null, lastOperation: { id: 'op' } });
    scheduler.stop();
  });

  it('reports each schedule with its cron and next run time', () => {
    const { scheduler, clock } = setup();
    scheduler.add('nightly', '0 3 * * *', () => ({ id: 'x', kind: 'x' }));
    const [status] = scheduler.statuses();
    expect(status).toMatchObject({ name: 'nightly', cron: '0 3 * * *', lastEnqueuedAt: null });
    // Worked out from the injected clock, within the next day.
    const next = new Date(status!.nextRunAt!).getTime();
    expect(next).toBeGreaterThan(clock.now());
    expect(next).toBeLessThanOrEqual(clock.now() + 86_400_000);
    scheduler.stop();
  });

  it('refuses a duplicate name and an unknown one; after stop() nothing is enqueued', () => {
    const { scheduler } = setup();
    let calls = 0;
    scheduler.add('a', YEARLY, () => ({ id: String(++calls), kind: 'a' }));
    expect(() => scheduler.add('a', YEARLY, () => ({ id: 'b', kind: 'a' }))).toThrow(TypeError);
    expect(() => scheduler.fire('nope')).toThrow(TypeError);
    scheduler.stop();
    expect(scheduler.fire('a')).toBeNull();
    expect(calls).toBe(0);
  });

  describe('on time (fake timers: Date.now() is the clock they run on)', () => {
    afterEach(() => void vi.useRealTimers());
    const at = (iso: string) => Date.parse(`2026-03-01T${iso}Z`);
    /** Schedules on the system clock, each firing recorded as the wall time it fired at. */
    function timed(schedules: Record<string, string>) {
      const fired: Record<string, string[]> = {};
      const scheduler = createScheduler(memoryLogger(systemClock), systemClock);
      for (const [name, cron] of Object.entries(schedules))
        scheduler.add(name, cron, () => {
          (fired[name] ??= []).push(new Date(Date.now()).toISOString().slice(11, 19));
          return { id: name, kind: name };
        });
      return { scheduler, fired };
    }

    it('one timer serves every schedule and wakes only when one is due: those due together fire together', async () => {
      vi.useFakeTimers({ now: at('10:00:10') });
      const { scheduler, fired } = timed({ a: '*/5 * * * *', b: '*/5 * * * *', hourly: '7 * * * *' });
      expect(vi.getTimerCount()).toBe(1);
      const wakes: string[] = [];
      while (Date.now() < at('10:20:00')) {
        await vi.advanceTimersToNextTimerAsync();
        wakes.push(new Date(Date.now()).toISOString().slice(11, 19));
      }
      expect(wakes).toEqual(['10:05:00', '10:07:00', '10:10:00', '10:15:00', '10:20:00']);
      expect(fired).toEqual({
        a: ['10:05:00', '10:10:00', '10:15:00', '10:20:00'],
        b: ['10:05:00', '10:10:00', '10:15:00', '10:20:00'],
        hourly: ['10:07:00'],
      });
      expect(scheduler.statuses().find((s) => s.name === 'hourly')!.nextRunAt).toBe('2026-03-01T11:07:00.000Z');
      scheduler.stop();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('follows a wall clock set back, within ten minutes', async () => {
      vi.useFakeTimers({ now: at('10:03:00') });
      const { scheduler, fired } = timed({ hourly: '30 * * * *' });
      vi.setSystemTime(at('09:00:00'));
      // The timer was set for 10:30, 27 minutes on; it looks again after ten and finds 09:30 next.
      await vi.advanceTimersToNextTimerAsync();
      expect(fired).toEqual({});
      while (!fired.hourly) await vi.advanceTimersToNextTimerAsync();
      expect(fired.hourly).toEqual(['09:30:00']);
      scheduler.stop();
    });
  });

  it('every declared schedule enqueues an operation of a registered kind; firing twice joins the pending one', async () => {
    const deps = testDeps();
    registerSchedules(deps);
    expect(deps.scheduler.statuses().map((s) => s.name)).toEqual(Object.keys(deps.settings.schedules));
    expect(deps.scheduler.statuses().find((s) => s.name === 'walCheckpoint')?.cron).toBe('*/15 * * * *');
    for (const [name, req] of Object.entries(SCHEDULED_OPERATIONS)) {
      expect(deps.queue.executor(req.kind), name).toBeDefined();
      const op = deps.scheduler.fire(name);
      expect(op, name).toEqual({ id: expect.any(String), kind: req.kind });
      expect(deps.scheduler.fire(name)).toEqual(op);
    }
    const checkpoint = deps.scheduler.statuses().find((s) => s.name === 'walCheckpoint')!.lastOperation!;
    await deps.queue.runOnce({ kinds: ['wal-checkpoint'] });
    expect(deps.queue.get(checkpoint.id)).toMatchObject({ status: 'completed', requestedBy: 'schedule' });
  });
});
