import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/platform/events.ts';
import type { JsonValue } from '../../core/queue/index.ts';
import { testDeps } from '../support/deps.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';

const forced = (p: JsonValue) => (p as { force?: boolean }).force === true;

function setup() {
  const deps = testDeps();
  const gate = { release: deferred() };
  deps.queue.register(
    recordingExecutor('sweep', async () => (await gate.release.promise, { ok: true }), {
      merge: (a, b) => ({ force: forced(a) || forced(b) }),
    }),
  );
  deps.queue.register(recordingExecutor('mend', undefined, { yields: true }));
  deps.queue.register(recordingExecutor('install'));
  deps.queue.register(recordingExecutor('save'));
  return { deps, gate };
}

describe('merge: requests of one kind on a key become one', () => {
  it('a forced request while a plain one waits makes it forced: one row, never a 409', () => {
    const { deps } = setup();
    const plain = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: false }, requestedBy: 'schedule' });
    const force = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: true } });
    expect(force).toMatchObject({ coalesced: true, operation: { id: plain.operation.id, params: { force: true } } });
    const again = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: false } });
    expect(again.operation).toMatchObject({ id: plain.operation.id, params: { force: true }, requestedBy: 'schedule' });
    expect(deps.queue.history()).toHaveLength(1);
  });

  it('any request of the kind while one runs queues one follow-up, merged with later ones', async () => {
    const { deps, gate } = setup();
    const first = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: false } });
    const running = deps.queue.runOnce();
    await expect.poll(() => deps.queue.get(first.operation.id)!.status).toBe('running');
    const a = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: true } });
    const b = deps.queue.enqueue({ kind: 'sweep', key: 'r', params: { force: false } });
    expect(a.coalesced).toBe(false);
    expect(b.operation).toMatchObject({ id: a.operation.id, status: 'pending', params: { force: true } });
    gate.release.resolve();
    await running;
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.history().map((o) => o.status)).toEqual(['completed', 'completed']);
  });
});

describe('yields: a waiting operation gives way to other work on its key', () => {
  it('a request of another kind supersedes it in the same transaction, and the waiters hear of it', async () => {
    const { deps } = setup();
    const seen: StreamEvent[] = [];
    deps.events.subscribe((e) => seen.push(e));
    const repair = deps.queue.enqueue({ kind: 'mend', key: 'clock', requestedBy: 'reconciler' });
    const waiting = deps.queue.waitFor(repair.operation.id, 5_000);
    const install = deps.queue.enqueue({ kind: 'install', key: 'clock', params: { plugin_id: 'clock' } });
    expect(install.coalesced).toBe(false);
    const ended = await waiting;
    expect(ended).toMatchObject({
      finished: true,
      operation: {
        status: 'cancelled',
        message: `Superseded by install operation ${install.operation.id}`,
        result: { superseded_by: install.operation.id },
      },
    });
    expect(
      seen.filter((e) => e.type === 'operation.finished').map((e) => (e.data as { status: string }).status),
    ).toEqual(['cancelled']);
    expect(deps.queue.active('clock').map((o) => o.kind)).toEqual(['install']);
  });

  it('through alsoTouches too, while work of a kind that does not yield still refuses', () => {
    const { deps } = setup();
    const repair = deps.queue.enqueue({ kind: 'mend', key: 'clock', requestedBy: 'reconciler' });
    deps.queue.enqueue({ kind: 'save', key: 'config:main', alsoTouches: ['clock'] });
    expect(deps.queue.get(repair.operation.id)!.status).toBe('cancelled');
    deps.queue.enqueue({ kind: 'install', key: 'weather' });
    expect(() => deps.queue.enqueue({ kind: 'save', key: 'other', alsoTouches: ['weather'] })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_OPERATION_CONFLICT' }),
    );
  });

  it('an identical request coalesces onto it, and a refused request leaves it in place', async () => {
    const { deps } = setup();
    deps.queue.register(recordingExecutor('held', () => new Promise(() => undefined), { timeoutMs: 60_000 }));
    const repair = deps.queue.enqueue({ kind: 'mend', key: 'clock', requestedBy: 'reconciler' });
    expect(deps.queue.enqueue({ kind: 'mend', key: 'clock', requestedBy: 'reconciler' })).toMatchObject({
      coalesced: true,
      operation: { id: repair.operation.id },
    });
    // A running operation of another kind still refuses the request, and nothing is superseded.
    deps.db.sqlite
      .prepare(`UPDATE operations SET status = 'running', lease_owner = 'x' WHERE id = ?`)
      .run(repair.operation.id);
    const next = deps.queue.enqueue({ kind: 'mend', key: 'clock', requestedBy: 'reconciler' });
    expect(() => deps.queue.enqueue({ kind: 'install', key: 'clock' })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_OPERATION_CONFLICT' }),
    );
    expect(deps.queue.get(next.operation.id)!.status).toBe('pending');
  });
});
