import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/platform/clock.ts';
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
    const { scheduler } = setup();
    scheduler.add('nightly', '0 3 * * *', () => ({ id: 'x', kind: 'x' }));
    const [status] = scheduler.statuses();
    expect(status).toMatchObject({ name: 'nightly', cron: '0 3 * * *', lastEnqueuedAt: null });
    expect(new Date(status!.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
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
