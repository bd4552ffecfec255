import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps, type TestDeps } from '../support/deps.ts';
import { deferred, failing, recordingExecutor, untilAborted } from '../support/queue.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');
const OP = '/api/v3/plugins/operation';

async function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  deps.queue.register(recordingExecutor('install'));
  deps.queue.register(recordingExecutor('uninstall', failing('PLUGIN_NOT_FOUND')));
  const { app } = await testApp(deps, [FIXTURE_ROUTES]);
  return { deps, app };
}

/** Finished operations: install a, uninstall b (fails), install c; one ms apart. */
async function someHistory(deps: TestDeps) {
  const ids: string[] = [];
  for (const [kind, key] of [
    ['install', 'a'],
    ['uninstall', 'b'],
    ['install', 'c'],
  ] as const) {
    ids.push(deps.queue.enqueue({ kind, key }).operation.id);
    await deps.queue.runOnce();
    deps.clock.advance(1);
  }
  return ids;
}

describe('GET /api/v3/plugins/operation/:id', () => {
  it('answers with LEDMatrix field names, and still after a restart on the same data', async () => {
    const { deps, app } = await setup();
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock', params: { token: 's3cret' } });
    const res = await app.request(`${OP}/${operation.id}`);
    expect(res.status).toBe(200);
    const data = (await res.json()).data;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([
        'operation_id',
        'operation_type',
        'plugin_id',
        'status',
        'progress',
        'stage',
        'message',
        'error',
        'attempts',
        'created_at',
        'started_at',
        'completed_at',
        'result',
      ]),
    );
    expect(data).toMatchObject({
      operation_id: operation.id,
      operation_type: 'install',
      plugin_id: 'clock',
      status: 'pending',
      progress: 0,
      attempts: 0,
      error: null,
      started_at: null,
      completed_at: null,
      result: null,
    });
    expect(JSON.stringify(data)).not.toContain('s3cret');
    deps.db.close();

    const again = await testApp(testDeps({ dataDir: deps.settings.dataDir }));
    again.deps.queue.register(recordingExecutor('install'));
    const before = await again.app.request(`${OP}/${operation.id}`);
    expect((await before.json()).data).toMatchObject({ operation_id: operation.id, status: 'pending' });
    await again.deps.queue.runOnce();
    const after = await (await again.app.request(`${OP}/${operation.id}`)).json();
    expect(after.data).toMatchObject({ status: 'completed', attempts: 1, progress: 1 });
    expect(Date.parse(after.data.completed_at)).toBeGreaterThan(0);
  });

  it('shows a failed operation’s error code and message', async () => {
    const { deps, app } = await setup();
    const { operation } = deps.queue.enqueue({ kind: 'uninstall', key: 'x' });
    await deps.queue.runOnce();
    const data = (await (await app.request(`${OP}/${operation.id}`)).json()).data;
    expect(data).toMatchObject({
      status: 'failed',
      error: { code: 'PLUGIN_NOT_FOUND', message: 'PLUGIN_NOT_FOUND on attempt 1' },
    });
  });

  it('404 OPERATION_NOT_FOUND for an unknown id; 400 naming the field for a malformed one', async () => {
    const { app } = await setup();
    const r404 = await app.request(`${OP}/0b5a8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b`);
    expect(r404.status).toBe(404);
    expect(await r404.json()).toMatchObject({
      error_code: 'OPERATION_NOT_FOUND',
      context: { operation_id: '0b5a8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b' },
    });
    const r400 = await app.request(`${OP}/12345`);
    expect(r400.status).toBe(400);
    expect((await r400.json()).context.problems).toEqual([
      expect.objectContaining({ in: 'params', field: 'id', expected: 'an operation id (UUID)', received: '"12345"' }),
    ]);
  });

  it('lists an operation’s progress lines', async () => {
    const { deps, app } = await setup();
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    await deps.queue.runOnce();
    const rows = (await (await app.request(`${OP}/${operation.id}/events`)).json()).data;
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['started', 'finished']);
    expect(rows[0]).toMatchObject({ attempt: 1, stage: 'starting', message: 'attempt 1 of 3' });
  });

  it('lines of an unknown operation → 404; of a malformed id → 400', async () => {
    const { app } = await setup();
    expect((await app.request(`${OP}/0b5a8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b/events`)).status).toBe(404);
    const bad = await app.request(`${OP}/x/events`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).context.problems[0]).toMatchObject({ in: 'params', field: 'id' });
  });
});

describe('GET /api/v3/plugins/operation/history', () => {
  it('lists newest first, filtered by plugin, type and status', async () => {
    const { deps, app } = await setup();
    const [a, b, c] = await someHistory(deps);
    const ids = async (q: string) =>
      ((await (await app.request(`${OP}/history${q}`)).json()).data as Array<{ operation_id: string }>).map(
        (o) => o.operation_id,
      );
    expect(await ids('')).toEqual([c, b, a]);
    expect(await ids('?plugin_id=a')).toEqual([a]);
    expect(await ids('?operation_type=install')).toEqual([c, a]);
    expect(await ids('?status=failed')).toEqual([b]);
    expect(await ids('?operation_type=install&status=failed')).toEqual([]);
  });

  it('pages with limit and before (an id or a time), and reports where the next page starts', async () => {
    const { deps, app } = await setup();
    const [a, b, c] = await someHistory(deps);
    const page1 = await (await app.request(`${OP}/history?limit=2`)).json();
    expect(page1.data.map((o: { operation_id: string }) => o.operation_id)).toEqual([c, b]);
    expect(page1.metadata).toMatchObject({ count: 2, next_before: b });
    const page2 = await (await app.request(`${OP}/history?limit=2&before=${b}`)).json();
    expect(page2.data.map((o: { operation_id: string }) => o.operation_id)).toEqual([a]);
    expect(page2.metadata.next_before).toBeNull();
    const cTime = deps.queue.get(c!)!.createdAt;
    const byTime = await (await app.request(`${OP}/history?before=${new Date(cTime).toISOString()}`)).json();
    expect(byTime.data.map((o: { operation_id: string }) => o.operation_id)).toEqual([b, a]);
  });

  it.each([
    ['limit=0', 'limit', 'an integer from 1 to 1000'],
    ['limit=1001', 'limit', 'an integer from 1 to 1000'],
    ['limit=abc', 'limit', 'an integer from 1 to 1000'],
    ['limit=5.5', 'limit', 'an integer from 1 to 1000'],
    ['limit=1&limit=2', 'limit', 'an integer from 1 to 1000'],
    ['status=done', 'status', 'one of pending | running | completed | failed | cancelled'],
    ['operation_type=Install!', 'operation_type', 'an operation type (e.g. install)'],
    ['before=yesterday', 'before', 'an operation id or an ISO 8601 time'],
  ])('%s → 400 naming the field', async (q, field, expected) => {
    const { app } = await setup();
    const res = await app.request(`${OP}/history?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_code).toBe('VALIDATION_ERROR');
    const problem = body.context.problems[0];
    expect(problem).toMatchObject({ in: 'query', field });
    // A wrong type (a repeated key arrives as an array) says "string" as expected; the message still explains.
    expect([problem.expected, problem.message]).toContain(expected);
  });

  it('defaults to 50', async () => {
    const { deps, app } = await setup();
    for (let i = 0; i < 51; i++) deps.queue.enqueue({ kind: 'install', key: `k${i}` });
    expect((await (await app.request(`${OP}/history`)).json()).data).toHaveLength(50);
  });
});

describe('DELETE /api/v3/plugins/operation/history', () => {
  it('removes finished records only, keeping pending and running ones', async () => {
    const { deps, app } = await setup();
    await someHistory(deps);
    const started = deferred();
    deps.queue.register(recordingExecutor('hold', async ({ signal }) => (started.resolve(), untilAborted(signal))));
    const running = deps.queue.enqueue({ kind: 'hold', key: 'r' }).operation.id;
    const run = deps.queue.runOnce();
    await started.promise;
    const pending = deps.queue.enqueue({ kind: 'install', key: 'p' }).operation.id;
    const res = await app.request(`${OP}/history`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { deleted: 3 }, message: 'Operation history cleared' });
    expect(
      deps.queue
        .history()
        .map((o) => o.id)
        .sort(),
    ).toEqual([pending, running].sort());
    deps.queue.cancel(running);
    await run;
  });
});

describe('enqueue and wait (POST /test/operations, standing in for mutation endpoints)', () => {
  it('200 with the final operation when it finishes within the wait', async () => {
    const { deps, app } = await setup();
    deps.tasks.startAll();
    const res = await app.request('/test/operations', jsonInit('POST', { kind: 'install', key: 'a', wait_ms: 5_000 }));
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ operation_type: 'install', plugin_id: 'a', status: 'completed' });
  });

  it('202 with the id and a Location that answers, when it takes longer', async () => {
    const { deps, app } = await setup();
    const res = await app.request('/test/operations', jsonInit('POST', { kind: 'install', key: 'a', wait_ms: 0 }));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.data).toEqual({ operation_id: expect.any(String), status: 'pending' });
    expect(res.headers.get('location')).toBe(`${OP}/${body.data.operation_id}`);
    await deps.queue.runOnce();
    const polled = await app.request(res.headers.get('location')!);
    expect((await polled.json()).data.status).toBe('completed');
  });

  it('409 with the blocking operation in context; 429 with Retry-After when the queue is full', async () => {
    const { app } = await setup({ 'limits.queueMaxPending': 1 });
    const first = await (
      await app.request('/test/operations', jsonInit('POST', { kind: 'install', key: 'a', wait_ms: 0 }))
    ).json();
    const conflict = await app.request(
      '/test/operations',
      jsonInit('POST', { kind: 'uninstall', key: 'a', wait_ms: 0 }),
    );
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({
      error_code: 'PLUGIN_OPERATION_CONFLICT',
      context: { operation_id: first.data.operation_id, operation_type: 'install', status: 'pending' },
    });
    const full = await app.request('/test/operations', jsonInit('POST', { kind: 'install', key: 'b', wait_ms: 0 }));
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('5');
    expect((await full.json()).error_code).toBe('QUEUE_FULL');
  });
});
