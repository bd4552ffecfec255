import { describe, expect, it } from 'vitest';
import { testApp, testDeps } from '../support/deps.ts';
import { recordingExecutor } from '../support/queue.ts';
import { sseReader, type SseMessage } from '../support/sse.ts';

async function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  deps.queue.register(recordingExecutor('install', async ({ progress }) => progress(0.5, 'half')));
  const { app } = await testApp(deps);
  const connect = async (headers: Record<string, string> = {}, query = '') => {
    const res = await app.request(`/api/v3/events${query}`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return sseReader(res);
  };
  return { deps, connect };
}

const seqOf = (m: SseMessage) => Number(m.id!.split('-')[1]);

describe('GET /api/v3/events', () => {
  it('sends ready, then every operation event with increasing ids', async () => {
    const { deps, connect } = await setup();
    const stream = await connect();
    const ready = await stream.next();
    expect(ready).toMatchObject({ event: 'ready' });
    expect(JSON.parse(ready!.data)).toEqual({ epoch: deps.events.epoch, resumed: false });
    const { operation } = deps.queue.enqueue({ kind: 'install', key: 'clock' });
    await deps.queue.runOnce();
    const got: SseMessage[] = [];
    for (let i = 0; i < 4; i++) got.push((await stream.next())!);
    expect(got.map((m) => m.event)).toEqual([
      'operation.created',
      'operation.started',
      'operation.progress',
      'operation.finished',
    ]);
    expect(got.map(seqOf)).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(got[2]!.data)).toMatchObject({ operation_id: operation.id, progress: 0.5, stage: 'half' });
    expect(JSON.parse(got[3]!.data)).toMatchObject({ operation_id: operation.id, status: 'completed' });
    await stream.close();
  });

  it('carries events other areas publish', async () => {
    const { deps, connect } = await setup();
    const stream = await connect();
    await stream.next();
    deps.events.publish('plugin.state', { plugin_id: 'clock', state: 'enabled' });
    expect(await stream.next()).toMatchObject({
      event: 'plugin.state',
      data: '{"plugin_id":"clock","state":"enabled"}',
    });
    await stream.close();
  });

  it('resumes after Last-Event-ID with exactly the missed events, in order', async () => {
    const { deps, connect } = await setup();
    const first = await connect();
    await first.next();
    deps.events.publish('test', { n: 1 });
    const seen = (await first.next())!;
    await first.close();
    for (let n = 2; n <= 4; n++) deps.events.publish('test', { n });

    const resumed = await connect({ 'Last-Event-ID': seen.id! });
    const missed = [await resumed.next(), await resumed.next(), await resumed.next()];
    expect(missed.map((m) => JSON.parse(m!.data).n)).toEqual([2, 3, 4]);
    const ready = (await resumed.next())!;
    expect(ready.event).toBe('ready');
    expect(JSON.parse(ready.data).resumed).toBe(true);
    expect(ready.id).toBe(missed[2]!.id);
    deps.events.publish('test', { n: 5 });
    expect(JSON.parse((await resumed.next())!.data).n).toBe(5);
    await resumed.close();
  });

  it('accepts the id as ?last_event_id= too', async () => {
    const { deps, connect } = await setup();
    const at = deps.events.publish('test', { n: 1 }).id;
    deps.events.publish('test', { n: 2 });
    const s = await connect({}, `?last_event_id=${at}`);
    expect(JSON.parse((await s.next())!.data)).toEqual({ n: 2 });
    await s.close();
  });

  it('asks the client to resync when the missed events are gone (too old, or from before a restart)', async () => {
    const { deps, connect } = await setup({ 'queue.eventBuffer': 10 });
    const old = deps.events.publish('test', { n: 0 }).id;
    for (let n = 1; n <= 12; n++) deps.events.publish('test', { n });
    const tooOld = await connect({ 'Last-Event-ID': old });
    const m = (await tooOld.next())!;
    expect(m.event).toBe('resync');
    expect(m.id).toBe(deps.events.lastId());
    await tooOld.close();

    const otherEpoch = await connect({ 'Last-Event-ID': 'abc123-5' });
    expect((await otherEpoch.next())!.event).toBe('resync');
    await otherEpoch.close();
  });

  it('ends the stream on shutdown (lifecycle abort) and when the event hub closes', async () => {
    const { deps, connect } = await setup();
    const a = await connect();
    await a.next();
    deps.lifecycle.abort();
    expect(await a.next()).toBeNull();

    const { deps: d2, connect: c2 } = await setup();
    const b = await c2();
    await b.next();
    d2.events.close();
    expect(await b.next()).toBeNull();
  });

  it('400 for an oversized Last-Event-ID', async () => {
    const deps = testDeps();
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/events', { headers: { 'Last-Event-ID': 'x'.repeat(101) } });
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({ in: 'header', field: 'Last-Event-ID' });
  });
});
