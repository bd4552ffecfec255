import { describe, expect, it } from 'vitest';
import { registerSchedules } from '../../core/app/schedules.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { recordingExecutor, untilAborted } from '../support/queue.ts';

/** Runs `n` operations on distinct keys to completion, one millisecond apart. */
async function finished(deps: TestDeps, n: number, prefix = 'k'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(deps.queue.enqueue({ kind: 'noop', key: `${prefix}${i}` }).operation.id);
    await deps.queue.runOnce();
    deps.clock.advance(1);
  }
  return ids;
}

/** Marks a row as running in another, live runner (a lease far in the future). */
function claimElsewhere(deps: TestDeps, id: string) {
  deps.db.sqlite
    .prepare(
      `UPDATE operations SET status = 'running', lease_owner = 'other-host/1/y', lease_expires_at = ? WHERE id = ?`,
    )
    .run(deps.clock.now() + 365 * 86_400_000, id);
}

function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  deps.queue.register(recordingExecutor('noop'));
  deps.queue.register(recordingExecutor('held', ({ signal }) => untilAborted(signal)));
  return deps;
}

describe('history retention', () => {
  it('keeps the newest finished operations up to the row limit, and every pending one', async () => {
    const deps = setup({ 'limits.historyMaxRows': 10 });
    const ids = await finished(deps, 14);
    const pending = deps.queue.enqueue({ kind: 'noop', key: 'waiting' }).operation.id;
    expect(deps.queue.prune()).toBe(4);
    const left = deps.queue.history({ limit: 100 }).map((o) => o.id);
    expect(left).toEqual([pending, ...ids.slice(4).reverse()]);
    expect(deps.queue.prune()).toBe(0);
  });

  it('deletes finished operations older than the day limit, never pending or running ones', async () => {
    const deps = setup({ 'limits.historyMaxDays': 90 });
    const old = await finished(deps, 3, 'old');
    // A long-running operation started back then is never pruned, however old.
    const running = deps.queue.enqueue({ kind: 'held', key: 'r' }).operation.id;
    claimElsewhere(deps, running);
    deps.clock.advance(90 * 86_400_000 + 10);
    const fresh = await finished(deps, 1, 'new');
    const pending = deps.queue.enqueue({ kind: 'noop', key: 'p' }).operation.id;
    expect(deps.queue.prune()).toBe(3);
    expect(old.map((id) => deps.queue.get(id))).toEqual([null, null, null]);
    expect(deps.queue.get(fresh[0]!)!.status).toBe('completed');
    expect(deps.queue.get(running)!.status).toBe('running');
    expect(deps.queue.get(pending)!.status).toBe('pending');
  });

  it('a kind with a retention of its own keeps its count apart: it never pushes other operations out', async () => {
    const deps = setup({ 'limits.historyMaxRows': 10 });
    deps.queue.register(recordingExecutor('tick', undefined, { keepFinished: 3 }));
    const users = await finished(deps, 10, 'user');
    const ticks: string[] = [];
    for (let i = 0; i < 20; i++) {
      ticks.push(deps.queue.enqueue({ kind: 'tick', key: 'tick' }).operation.id);
      await deps.queue.runOnce();
      deps.clock.advance(1);
    }
    expect(deps.queue.prune()).toBe(17);
    expect(deps.queue.history({ kind: 'tick', limit: 100 }).map((o) => o.id)).toEqual(ticks.slice(17).reverse());
    expect(deps.queue.history({ kind: 'noop', limit: 100 }).map((o) => o.id)).toEqual([...users].reverse());
    expect(deps.queue.prune()).toBe(0);
  });

  it('removes an operation’s progress lines with it', async () => {
    const deps = setup({ 'limits.historyMaxDays': 1 });
    const [id] = await finished(deps, 1);
    expect(deps.queue.events(id!).length).toBeGreaterThan(0);
    deps.clock.advance(86_400_001);
    deps.queue.prune();
    expect(deps.db.sqlite.prepare('SELECT count(*) FROM operation_events').pluck().get()).toBe(0);
  });

  it('the historyPrune schedule enqueues a history-prune operation, which keeps a short history of its own', async () => {
    const deps = setup({ 'limits.historyMaxRows': 10 });
    await finished(deps, 12);
    registerSchedules(deps);
    expect(deps.scheduler.statuses().map((s) => s.name)).toContain('historyPrune');
    const op = deps.scheduler.fire('historyPrune')!;
    expect(op.kind).toBe('history-prune');
    await deps.queue.runOnce();
    expect(deps.queue.get(op.id)).toMatchObject({ status: 'completed', result: { deleted: 2 } });
    expect(deps.queue.history({ kind: 'noop', limit: 100 })).toHaveLength(10);
    expect(deps.log.lines.find((l) => l.msg === 'operation history pruned')).toMatchObject({ deleted: 2 });
  });
});

describe('clearing the history', () => {
  it('removes finished operations only', async () => {
    const deps = setup();
    await finished(deps, 3);
    const pending = deps.queue.enqueue({ kind: 'noop', key: 'p' }).operation.id;
    const running = deps.queue.enqueue({ kind: 'held', key: 'r' }).operation.id;
    claimElsewhere(deps, running);
    expect(deps.queue.clearHistory()).toBe(3);
    expect(
      deps.queue
        .history()
        .map((o) => o.id)
        .sort(),
    ).toEqual([pending, running].sort());
  });
});
