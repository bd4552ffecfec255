import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';
import { tempDir } from '../support/temp.ts';

/** An executor that writes a file as its partial work and removes it when aborted (its rollback). */
function rollingBack(dir: string) {
  const started = deferred<string>();
  const ex = recordingExecutor('install', async ({ op, signal }) => {
    const partial = path.join(dir, `${op.id}.partial`);
    fs.writeFileSync(partial, 'half done');
    started.resolve(op.id);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    fs.rmSync(partial);
    throw signal.reason;
  });
  return { ex, started: started.promise };
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('cancel', () => {
  it('cancels a pending operation at once; its executor never runs', async () => {
    const deps = testDeps();
    const ex = recordingExecutor('install');
    deps.queue.register(ex);
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const op = deps.queue.cancel(operation.id);
    expect(op).toMatchObject({ status: 'cancelled', message: 'Operation cancelled by user', attempts: 0 });
    expect(op.finishedAt).not.toBeNull();
    expect(await deps.queue.runOnce()).toBe(0);
    expect(ex.calls).toHaveLength(0);
    // The key is free again.
    expect(deps.queue.enqueue({ kind: 'install', key: 'a' }).coalesced).toBe(false);
  });

  it('aborts a running operation: the executor rolls back and the row ends cancelled, not retried', async () => {
    const deps = testDeps();
    const dir = tempDir();
    const { ex, started } = rollingBack(dir);
    deps.queue.register(ex);
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const run = deps.queue.runOnce();
    await started;
    expect(fs.existsSync(path.join(dir, `${operation.id}.partial`))).toBe(true);
    expect(deps.queue.cancel(operation.id)).toMatchObject({ status: 'running', message: 'Cancelling' });
    const { operation: final, finished } = await deps.queue.waitFor(operation.id, 5_000);
    await run;
    expect(finished).toBe(true);
    expect(final).toMatchObject({ status: 'cancelled', attempts: 1, errorCode: null });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(ex.calls).toHaveLength(1);
  });

  it('an executor that finishes before it sees the cancel ends completed: the work was done', async () => {
    const deps = testDeps();
    const started = deferred();
    const release = deferred();
    deps.queue.register(
      recordingExecutor('install', async () => {
        started.resolve();
        await release.promise;
        return { done: true };
      }),
    );
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    const run = deps.queue.runOnce();
    await started.promise;
    deps.queue.cancel(operation.id);
    release.resolve();
    await run;
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', result: { done: true } });
  });

  it('refuses a finished operation with 409 and an unknown one with 404', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install'));
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    await deps.queue.runOnce();
    const e = errorOf(() => deps.queue.cancel(operation.id));
    expect(e).toMatchObject({ code: 'OPERATION_NOT_CANCELLABLE', status: 409 });
    expect(e.context).toEqual({ operation_id: operation.id, status: 'completed' });
    expect(errorOf(() => deps.queue.cancel('00000000-0000-4000-8000-000000000000')).code).toBe('OPERATION_NOT_FOUND');
  });
});

describe('POST /api/v3/plugins/operation/:id/cancel', () => {
  it('answers 200 with the cancelled operation, pending or running', async () => {
    const deps = testDeps();
    const { ex, started } = rollingBack(tempDir());
    deps.queue.register(ex);
    const { app } = await testApp(deps);
    const running = deps.queue.enqueue({ kind: 'install', key: 'a' }).operation;
    const run = deps.queue.runOnce();
    await started;
    const pending = deps.queue.enqueue({ kind: 'install', key: 'b' }).operation;

    const r1 = await app.request(`/api/v3/plugins/operation/${pending.id}/cancel`, { method: 'POST' });
    expect(r1.status).toBe(200);
    expect((await r1.json()).data).toMatchObject({ operation_id: pending.id, status: 'cancelled' });

    const r2 = await app.request(`/api/v3/plugins/operation/${running.id}/cancel`, { method: 'POST' });
    expect(r2.status).toBe(200);
    const body = await r2.json();
    expect(body).toMatchObject({
      message: 'Operation cancelled',
      data: { operation_id: running.id, status: 'cancelled' },
    });
    await run;
  });

  it('answers 409 for a finished operation, 404 for an unknown id and 400 for a malformed one', async () => {
    const deps = testDeps();
    deps.queue.register(recordingExecutor('install'));
    const { app } = await testApp(deps);
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    await deps.queue.runOnce();
    const r409 = await app.request(`/api/v3/plugins/operation/${operation.id}/cancel`, { method: 'POST' });
    expect(r409.status).toBe(409);
    expect(await r409.json()).toMatchObject({
      error_code: 'OPERATION_NOT_CANCELLABLE',
      context: { operation_id: operation.id, status: 'completed' },
    });
    const r404 = await app.request('/api/v3/plugins/operation/6f1c2a4e-1111-4222-8333-444455556666/cancel', {
      method: 'POST',
    });
    expect(r404.status).toBe(404);
    expect((await r404.json()).error_code).toBe('OPERATION_NOT_FOUND');
    const r400 = await app.request('/api/v3/plugins/operation/not-an-id/cancel', { method: 'POST' });
    expect(r400.status).toBe(400);
    expect((await r400.json()).context.problems[0]).toMatchObject({
      in: 'params',
      field: 'id',
      expected: 'an operation id (UUID)',
      received: '"not-an-id"',
    });
    expect(deps.queue.get(operation.id)!.status).toBe('completed');
  });
});
