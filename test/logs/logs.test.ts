import { describe, expect, it } from 'vitest';
import { createLogForwarder, createLogIntake } from '../../core/logs/forward.ts';
import { createLogger, type LogRecord } from '../../core/platform/log.ts';
import { createLogRing } from '../../core/platform/log-ring.ts';
import { createWebLog } from '../../core/platform/index.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { sseReader } from '../support/sse.ts';

/** A logger writing into `deps.logs`, as the web process's does (no stdout). */
function ringLogger(deps: ReturnType<typeof testDeps>, proc = 'web') {
  return createLogger({ level: 'debug', clock: deps.clock, sink: () => {}, base: { proc }, tap: deps.logs.add });
}

describe('the recent-lines ring', () => {
  it('keeps each source bounded on its own, so a chatty plugin cannot push out the display', () => {
    const ring = createLogRing(10);
    const clock = manualClock(0);
    const display = createLogger({ level: 'debug', clock, sink: () => {}, base: { proc: 'display' }, tap: ring.add });
    display.info('display line');
    for (let i = 0; i < 50; i++) display.child({ plugin: 'chatty' }).info(`plugin line ${i}`, { from: 'plugin' });
    const lines = ring.lines();
    expect(lines.filter((l) => l.source === 'plugin')).toHaveLength(10);
    expect(lines.find((l) => l.source === 'display')?.msg).toBe('display line');
    expect(lines.at(-1)).toMatchObject({ source: 'plugin', plugin: 'chatty', msg: 'plugin line 49' });
    expect(lines.map((l) => l.id)).toEqual([...lines.map((l) => l.id)].sort((a, b) => a - b));
  });

  it('holds secrets redacted: the logger redacts before the ring sees the line', () => {
    const { log, logs } = createWebLog({ logLevel: 'debug' }, manualClock(0));
    log.info('fetching https://user:hunter2@example.test/x', { password: 'hunter2', token: 'abc123secret' });
    const text = JSON.stringify(logs.lines());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc123secret');
    expect(logs.lines()[0]!.source).toBe('web');
  });

  it("skips the display's lines it already has when they are sent again after a reconnection", async () => {
    const ring = createLogRing();
    const intake = createLogIntake(ring.add);
    const fwd = createLogForwarder('42-1');
    const sent: Array<Parameters<typeof intake>[0]> = [];
    const record = (msg: string): LogRecord => ({
      time: '2030-01-01T00:00:00.000Z',
      level: 'info',
      msg,
      proc: 'display',
    });
    fwd.tap(record('one'));
    fwd.connect((b) => (sent.push(b), intake(b)));
    await new Promise((r) => setImmediate(r));
    fwd.tap(record('two'));
    await new Promise((r) => setImmediate(r));
    fwd.connect((b) => (sent.push(b), intake(b))); // a new connection: everything kept goes again
    await new Promise((r) => setImmediate(r));
    expect(sent.at(-1)!.records.map((r) => r.record.msg)).toEqual(['one', 'two']);
    expect(ring.lines().map((l) => l.msg)).toEqual(['one', 'two']);
    intake({ epoch: '43-2', records: [{ n: 1, record: record('after a restart') }] });
    expect(ring.lines().map((l) => l.msg)).toEqual(['one', 'two', 'after a restart']);
  });
});

describe('GET /api/v3/logs', () => {
  async function setup() {
    const deps = testDeps();
    const web = ringLogger(deps);
    const display = ringLogger(deps, 'display');
    web.debug('web debug');
    web.warn('web warning');
    display.info('display started');
    display.child({ plugin: 'weather' }).error('weather failed', { from: 'plugin', code: 'E1' });
    display.child({ plugin: 'clock' }).info('clock drew');
    const { app } = await testApp(deps);
    return { app, deps };
  }

  it("answers LEDMatrix's text and the structured lines, oldest first", async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/logs');
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.lines.map((l: { msg: string }) => l.msg)).toEqual([
      'web debug',
      'web warning',
      'display started',
      'weather failed',
      'clock drew',
    ]);
    expect(data.logs.split('\n')).toHaveLength(5);
    expect(data.logs).toMatch(/^\S+ marquee-web: DEBUG web debug$/m);
    expect(data.logs).toMatch(/ marquee-display\[weather\]: ERROR weather failed from=plugin code=E1$/m);
    expect(data.last_id).toBe(data.lines.at(-1).id);
  });

  it('filters by lowest level, process, plugin, count and position', async () => {
    const { app } = await setup();
    const msgs = async (q: string) =>
      (await (await app.request(`/api/v3/logs?${q}`)).json()).data.lines.map((l: { msg: string }) => l.msg);
    expect(await msgs('level=warn')).toEqual(['web warning', 'weather failed']);
    expect(await msgs('process=display')).toEqual(['display started', 'clock drew']);
    expect(await msgs('process=plugin')).toEqual(['weather failed']);
    expect(await msgs('plugin=clock')).toEqual(['clock drew']);
    expect(await msgs('limit=2')).toEqual(['weather failed', 'clock drew']);
    const all = (await (await app.request('/api/v3/logs')).json()).data.lines;
    expect(await msgs(`after=${all[2].id}`)).toEqual(['weather failed', 'clock drew']);
  });

  it.each([
    ['level=loud', 'level', 'one of debug | info | warn | error'],
    ['process=kernel', 'process', 'one of web | display | plugin'],
    ['limit=0', 'limit', 'an integer from 1 to 1000'],
    ['limit=5000', 'limit', 'an integer from 1 to 1000'],
    ['after=-1', 'after', 'a line id'],
    ['plugin=../x', 'plugin', 'a plugin id'],
  ])('refuses %s with the field and what was expected', async (q, field, expected) => {
    const { app, deps } = await setup();
    const before = deps.logs.lines().length;
    const res = await app.request(`/api/v3/logs?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_code).toBe('VALIDATION_ERROR');
    expect(body.context.problems[0]).toMatchObject({ in: 'query', field });
    expect(body.context.problems[0].expected).toContain(expected);
    expect(deps.logs.lines().length).toBe(before);
  });
});

describe('GET /api/v3/stream/logs', () => {
  it('sends the recent matching lines, then each new one as it is written', async () => {
    const deps = testDeps();
    const log = ringLogger(deps);
    log.info('before');
    log.debug('quiet');
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/stream/logs?level=info');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = sseReader(res);
    const first = JSON.parse((await sse.next())!.data);
    expect(first.lines.map((l: { msg: string }) => l.msg)).toEqual(['before']);
    expect(first.logs).toContain('INFO before');
    expect(typeof first.timestamp).toBe('string');
    log.debug('not shown');
    log.warn('live line', { password: 'hunter2' });
    const next = await sse.next();
    const live = JSON.parse(next!.data);
    expect(live.lines.map((l: { msg: string }) => l.msg)).toEqual(['live line']);
    expect(next!.data).not.toContain('hunter2');
    expect(next!.id).toBe(String(live.lines[0].id));
    await sse.close();
  });

  it('resumes after the Last-Event-ID it is given', async () => {
    const deps = testDeps();
    const log = ringLogger(deps);
    log.info('a');
    log.info('b');
    log.info('c');
    const { app } = await testApp(deps);
    const firstId = deps.logs.lines()[0]!.id;
    const sse = sseReader(await app.request('/api/v3/stream/logs', { headers: { 'last-event-id': String(firstId) } }));
    const msg = JSON.parse((await sse.next())!.data);
    expect(msg.lines.map((l: { msg: string }) => l.msg)).toEqual(['b', 'c']);
    await sse.close();
  });

  it('refuses a bad filter before streaming', async () => {
    const { app } = await testApp();
    const res = await app.request('/api/v3/stream/logs?process=nope');
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0].field).toBe('process');
  });
});
