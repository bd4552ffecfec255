import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { StreamEvent } from '../../core/platform/events.ts';
import { testDeps } from '../support/deps.ts';
import { failing, recordingExecutor } from '../support/queue.ts';

describe('runner: one attempt', () => {
  it('runs the executor, records progress and completes with its result and message', async () => {
    const deps = testDeps();
    const seen: StreamEvent[] = [];
    deps.events.subscribe((e) => seen.push(e));
    deps.queue.register(
      recordingExecutor('install', async ({ progress }) => {
        progress(0.25, 'download', 'Downloading 12 KB');
        progress(7, 'extract');
        return { message: 'Plugin clock installed', version: '1.2.0' };
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock', params: { v: 1 } });
    expect(await deps.queue.runOnce()).toBe(1);
    const done = deps.queue.get(operation.id)!;
    expect(done).toMatchObject({
      status: 'completed',
      progress: 1,
      attempts: 1,
      message: 'Plugin clock installed',
      result: { message: 'Plugin clock installed', version: '1.2.0' },
      errorCode: null,
      leaseOwner: null,
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(deps.queue.events(operation.id).map((e) => [e.type, e.progress, e.stage, e.message])).toEqual([
      ['started', 0, 'starting', 'attempt 1 of 3'],
      ['progress', 0.25, 'download', 'Downloading 12 KB'],
      ['progress', 1, 'extract', null],
      ['finished', 1, 'extract', 'Plugin clock installed'],
    ]);
    expect(seen.map((e) => e.type)).toEqual([
      'operation.created',
      'operation.started',
      'operation.progress',
      'operation.progress',
      'operation.finished',
    ]);
    expect(seen.at(-1)!.data).toMatchObject({ operation_id: operation.id, status: 'completed', plugin_id: 'clock' });
  });

  it('keeps at most 200 progress lines per attempt while the row keeps the latest progress', async () => {
    const deps = testDeps();
    deps.queue.register(
      recordingExecutor('chatty', async ({ progress }) => {
        for (let i = 1; i <= 250; i++) progress(i / 250, `step ${i}`);
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'chatty', key: 'x' });
    await deps.queue.runOnce();
    const events = deps.queue.events(operation.id);
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(200);
    expect(deps.queue.get(operation.id)!.stage).toBe('step 250');
  });

  it('an unregistered kind found in the table fails instead of blocking its key', async () => {
    const deps = testDeps();
    deps.db.sqlite
      .prepare(
        `INSERT INTO operations (id, kind, key, params, status, max_attempts, run_at, requested_by, created_at, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'from-the-future', 'k', '{}', 'pending', 3, 0, 'api', 0, 0)`,
      )
      .run();
    await deps.queue.runOnce();
    expect(deps.queue.get('00000000-0000-4000-8000-000000000001')).toMatchObject({
      status: 'failed',
      errorCode: 'SYSTEM_ERROR',
    });
  });
});

describe('runner: retries', () => {
  it('retries a transient error after the backoff, then completes with the error cleared', async () => {
    const deps = testDeps();
    const ex = recordingExecutor('install', failing('NETWORK_ERROR', 1));
    deps.queue.register(ex);
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    const t0 = deps.clock.now();
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      runAt: t0 + 5_000,
      errorCode: 'NETWORK_ERROR',
      errorMessage: 'NETWORK_ERROR on attempt 1',
      message: 'Attempt 1 of 3 failed (NETWORK_ERROR); retrying in 5 s',
    });
    expect(await deps.queue.runOnce()).toBe(0);
    deps.clock.advance(4_999);
    expect(await deps.queue.runOnce()).toBe(0);
    deps.clock.advance(1);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', attempts: 2, errorCode: null });
    expect(ex.calls.map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('fails with the last error once attempts are used up', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install', failing('REGISTRY_UNAVAILABLE'), { maxAttempts: 3 }));
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    for (const wait of [0, 5_000, 15_000]) {
      deps.clock.advance(wait);
      expect(await deps.queue.runOnce()).toBe(1);
    }
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      errorCode: 'REGISTRY_UNAVAILABLE',
      errorMessage: 'REGISTRY_UNAVAILABLE on attempt 3',
    });
  });

  it('fails a terminal error at once', async () => {
    const deps = testDeps();
    const ex = recordingExecutor('install', failing('PLUGIN_INCOMPATIBLE'));
    deps.queue.register(ex);
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      errorCode: 'PLUGIN_INCOMPATIBLE',
      message: 'Operation failed: PLUGIN_INCOMPATIBLE on attempt 1',
    });
    expect(ex.calls).toHaveLength(1);
  });

  it('treats a plain exception as a bug: UNKNOWN_ERROR, never retried', async () => {
    const deps = testDeps();
    deps.queue.register(
      recordingExecutor('install', async () => {
        throw new TypeError('cannot read x of undefined');
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({
      status: 'failed',
      errorCode: 'UNKNOWN_ERROR',
      errorMessage: 'TypeError: cannot read x of undefined',
    });
  });

  it('fails a result that is not JSON data', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install', async () => ({ when: new Date() }) as never));
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    await deps.queue.runOnce();
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'failed', errorCode: 'UNKNOWN_ERROR' });
  });
});

describe('runner: nothing due', () => {
  it('looks without the write lock, so another process writing does not hold it up', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install', async () => ({ message: 'done' })));
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock', params: {} });
    expect(await deps.queue.runOnce()).toBe(1);
    // Another connection (the display process) holds the write lock for as long as the step takes.
    const other = new Database(deps.db.file);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await deps.queue.runOnce({ kinds: ['install'] })).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(deps.queue.get(operation.id)?.status).toBe('completed');
  });
});
