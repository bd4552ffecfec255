import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { testDeps } from '../support/deps.ts';
import { deferred, recordingExecutor, untilAborted } from '../support/queue.ts';

function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  const install = recordingExecutor('install');
  const uninstall = recordingExecutor('uninstall');
  deps.queue.register(install);
  deps.queue.register(uninstall);
  return { deps, install, uninstall };
}

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('enqueue (save before send)', () => {
  it('commits the row before returning, visible to another connection, and before the executor runs', async () => {
    const { deps } = setup();
    const other = new Database(deps.db.file, { readonly: true });
    try {
      const seenByExecutor: unknown[] = [];
      deps.queue.register(
        recordingExecutor('probe', async ({ op }) => {
          seenByExecutor.push(other.prepare('SELECT status FROM operations WHERE id = ?').get(op.id));
        }),
      );
      const { operation } = deps.queue.enqueue({ kind: 'probe', key: 'clock', params: { a: 1 } });
      expect(other.prepare('SELECT status, params FROM operations WHERE id = ?').get(operation.id)).toEqual({
        status: 'pending',
        params: '{"a":1}',
      });
      await deps.queue.runOnce();
      expect(seenByExecutor).toEqual([{ status: 'running' }]);
    } finally {
      other.close();
    }
  });

  it('stores params as canonical JSON and refuses values that are not data', () => {
    const { deps } = setup();
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a', params: { z: 1, a: { y: [1], b: 'x' } } });
    expect(deps.db.sqlite.prepare('SELECT params FROM operations WHERE id = ?').pluck().get(operation.id)).toBe(
      '{"a":{"b":"x","y":[1]},"z":1}',
    );
    expect(() => deps.queue.enqueue({ kind: 'install', key: 'b', params: { cb: (() => 1) as never } })).toThrow(
      /params\.cb is not JSON data/,
    );
    expect(() => deps.queue.enqueue({ kind: 'install', key: 'b', params: { when: new Date() as never } })).toThrow(
      TypeError,
    );
    expect(() => deps.queue.enqueue({ kind: 'nope', key: 'b' })).toThrow(/no executor registered/);
  });
});

describe('per-key policy', () => {
  it('a request identical to a pending one returns the same operation (one row)', () => {
    const { deps } = setup();
    const a = deps.queue.enqueue({ kind: 'install', key: 'clock', params: { version: '1.0.0', branch: 'main' } });
    const b = deps.queue.enqueue({ kind: 'install', key: 'clock', params: { branch: 'main', version: '1.0.0' } });
    expect(a.coalesced).toBe(false);
    expect(b).toMatchObject({ coalesced: true, operation: { id: a.operation.id } });
    expect(deps.queue.history()).toHaveLength(1);
  });

  it('a conflicting request while one is pending gets 409 naming the blocking operation', () => {
    const { deps } = setup();
    const a = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    const e = thrown(() => deps.queue.enqueue({ kind: 'uninstall', key: 'clock' }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('PLUGIN_OPERATION_CONFLICT');
    expect(e.status).toBe(409);
    expect(e.context).toEqual({
      plugin_id: 'clock',
      requested_operation_type: 'uninstall',
      operation_id: a.operation.id,
      operation_type: 'install',
      status: 'pending',
    });
    // Same kind, other params is a conflict too.
    expect(thrown(() => deps.queue.enqueue({ kind: 'install', key: 'clock', params: { v: 2 } })).code).toBe(
      'PLUGIN_OPERATION_CONFLICT',
    );
  });

  it('while one runs: a conflicting request gets 409 (status running); an identical one queues one follow-up', async () => {
    const { deps } = setup();
    const started = deferred();
    deps.queue.register(
      recordingExecutor('slow', async ({ signal }) => {
        started.resolve();
        await untilAborted(signal);
      }),
    );
    const a = deps.queue.enqueue({ kind: 'slow', key: 'k' });
    const run = deps.queue.runOnce();
    await started.promise;
    const e = thrown(() => deps.queue.enqueue({ kind: 'install', key: 'k' }));
    expect(e.context).toMatchObject({ operation_id: a.operation.id, status: 'running', operation_type: 'slow' });
    const follow = deps.queue.enqueue({ kind: 'slow', key: 'k' });
    expect(follow.coalesced).toBe(false);
    expect(follow.operation.id).not.toBe(a.operation.id);
    expect(deps.queue.enqueue({ kind: 'slow', key: 'k' }).operation.id).toBe(follow.operation.id);
    deps.queue.cancel(a.operation.id);
    await run;
  });

  it('different keys do not interact', () => {
    const { deps } = setup();
    deps.queue.enqueue({ kind: 'install', key: 'a' });
    expect(deps.queue.enqueue({ kind: 'uninstall', key: 'b' }).coalesced).toBe(false);
  });

  it('the database itself refuses a second pending row for a key', () => {
    const { deps } = setup();
    deps.queue.enqueue({ kind: 'install', key: 'a' });
    expect(() =>
      deps.db.sqlite
        .prepare(
          `INSERT INTO operations (id, kind, key, params, status, max_attempts, run_at, requested_by, created_at, updated_at)
           VALUES ('x', 'install', 'a', '{}', 'pending', 3, 0, 'api', 0, 0)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });
});

describe('pending limit', () => {
  it('refuses the next operation with 429 QUEUE_FULL and Retry-After, but still coalesces duplicates', () => {
    const { deps } = setup({ 'limits.queueMaxPending': 2 });
    deps.queue.enqueue({ kind: 'install', key: 'a' });
    deps.queue.enqueue({ kind: 'install', key: 'b' });
    const e = thrown(() => deps.queue.enqueue({ kind: 'install', key: 'c' }));
    expect(e.code).toBe('QUEUE_FULL');
    expect(e.status).toBe(429);
    expect(e.headers).toEqual({ 'Retry-After': '5' });
    expect(e.context).toEqual({ pending: 2, max_pending: 2 });
    expect(deps.queue.enqueue({ kind: 'install', key: 'a' }).coalesced).toBe(true);
    expect(deps.queue.history()).toHaveLength(2);
  });

  it('accepts again once pending operations have run', async () => {
    const { deps } = setup({ 'limits.queueMaxPending': 1 });
    deps.queue.enqueue({ kind: 'install', key: 'a' });
    expect(() => deps.queue.enqueue({ kind: 'install', key: 'b' })).toThrow(AppError);
    await deps.queue.runOnce();
    expect(deps.queue.enqueue({ kind: 'install', key: 'b' }).coalesced).toBe(false);
  });
});
