import { describe, expect, it } from 'vitest';
import { createDisplayIpc } from '../../core/display/ipc.ts';
import type { RowWatch } from '../../core/display/row-frames.ts';
import { createDisplayLink } from '../../core/display/web/link.ts';
import type { RowFrameMessage, RowStates } from '../../core/display/web/row-watch.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { memoryForkChannel } from '../support/fork-channel.ts';
import { sseReader } from '../support/sse.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

/** The display's end of the channel: what it was told about watchers, and a way to send row frames. */
function displayEnd(ch: ReturnType<typeof memoryForkChannel>) {
  const told: RowWatch[] = [];
  const ipc = createDisplayIpc(ch.child, {
    width: 4,
    height: 2,
    maxFps: 10,
    current: () => ({ rgb: new Uint8Array(24), brightness: 100 }),
    onRows: (w) => void told.push(w),
  });
  return { ipc, told, last: () => told.at(-1) };
}

function viewer(plugins: string[] | null) {
  const frames: RowFrameMessage[] = [];
  const states: RowStates[] = [];
  return {
    frames,
    states,
    v: {
      plugins: plugins && new Set(plugins),
      frame: (f: RowFrameMessage) => frames.push(f),
      states: (s: RowStates) => states.push(s),
    },
  };
}

describe('who watches the rows', () => {
  it('tells the display how many watch and which plugins, on every change and every new display', async () => {
    const ch = memoryForkChannel();
    const d = displayEnd(ch);
    const link = createDisplayLink(memoryLogger(manualClock(0)));
    link.attach(ch.proc);
    await tick();
    expect(d.last()).toEqual({ watchers: 0, plugins: [] });

    const a = viewer(['b', 'a']);
    const b = viewer(['c']);
    const stopA = link.watchRows(a.v);
    const stopB = link.watchRows(b.v);
    await tick();
    expect(d.last()).toEqual({ watchers: 2, plugins: ['a', 'b', 'c'] });

    d.ipc.sendRowStates({ a: 'running', c: 'breaker' });
    d.ipc.sendRowFrame('a', new Uint8Array(24).fill(7), 123);
    d.ipc.sendRowFrame('c', new Uint8Array(24).fill(9), 124);
    await tick();
    expect(a.frames.map((f) => [f.plugin_id, f.rgb[0], f.at])).toEqual([['a', 7, 123]]);
    expect(b.frames.map((f) => f.plugin_id)).toEqual(['c']);
    expect(a.states).toEqual([{ a: 'running' }]);
    expect(b.states).toEqual([{ c: 'breaker' }]);

    const all = viewer(null);
    const stopAll = link.watchRows(all.v);
    // A late viewer learns the states known so far at once.
    expect(all.states).toEqual([{ a: 'running', c: 'breaker' }]);
    await tick();
    expect(d.last()).toEqual({ watchers: 3, plugins: null });

    // A new display process starts with nobody watching: it is told at once.
    const ch2 = memoryForkChannel();
    const d2 = displayEnd(ch2);
    link.attach(ch2.proc);
    await tick();
    expect(d2.last()).toEqual({ watchers: 3, plugins: null });

    stopAll();
    stopA();
    stopB();
    stopB();
    await tick();
    expect(d2.last()).toEqual({ watchers: 0, plugins: [] });
    expect(link.rowWatchers()).toBe(0);
  });
});

describe('GET /api/v3/stream/plugin-frames', () => {
  it('streams the states and each plugin’s frames as PNG at the panel size', async () => {
    const deps = testDeps();
    const ch = memoryForkChannel();
    const d = displayEnd(ch);
    deps.display.attach(ch.proc);
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/stream/plugin-frames?plugins=clock,weather');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const sse = sseReader(res);
    for (let i = 0; i < 100 && d.last()?.watchers !== 1; i++) await tick();
    expect(d.last()).toEqual({ watchers: 1, plugins: ['clock', 'weather'] });

    d.ipc.sendRowStates({ clock: 'running', weather: 'quarantined', other: 'running' });
    const state = await sse.next();
    expect(state!.event).toBe('state');
    expect(JSON.parse(state!.data)).toEqual({ connected: true, plugins: { clock: 'running', weather: 'quarantined' } });

    const rgb = new Uint8Array(24);
    for (let i = 0; i < 24; i += 3) rgb.set([10, 200, 30], i);
    d.ipc.sendRowFrame('other', new Uint8Array(24), 1);
    d.ipc.sendRowFrame('clock', rgb, Date.UTC(2026, 0, 5));
    const frame = JSON.parse((await sse.next())!.data);
    expect(frame).toMatchObject({ plugin_id: 'clock', width: 4, height: 2, timestamp: '2026-01-05T00:00:00.000Z' });
    const png = decodePng(Buffer.from(frame.image, 'base64'));
    expect([png.width, png.height, ...png.data.subarray(0, 3)]).toEqual([4, 2, 10, 200, 30]);

    await sse.close();
    for (let i = 0; i < 100 && d.last()?.watchers !== 0; i++) await tick();
    expect(d.last()).toEqual({ watchers: 0, plugins: [] });
  });

  it('says the display is not running when there is none', async () => {
    const { app } = await testApp();
    const sse = sseReader(await app.request('/api/v3/stream/plugin-frames'));
    const first = await sse.next();
    expect(first!.event).toBe('state');
    expect(JSON.parse(first!.data)).toEqual({ connected: false, plugins: {} });
    await sse.close();
  });

  it.each([
    ['an empty list', 'plugins='],
    ['an id with capitals', 'plugins=Clock'],
    ['an empty id between commas', 'plugins=clock,,weather'],
    ['a path', 'plugins=../etc'],
    ['the parameter twice', 'plugins=clock&plugins=weather'],
    ['too many ids', `plugins=${Array.from({ length: 201 }, (_, i) => `p${i}`).join(',')}`],
  ])('refuses %s with a 400 naming the field, before anything is drawn', async (_what, q) => {
    const deps = testDeps();
    const ch = memoryForkChannel();
    const d = displayEnd(ch);
    deps.display.attach(ch.proc);
    const { app } = await testApp(deps);
    const res = await app.request(`/api/v3/stream/plugin-frames?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.context.problems[0].field).toBe('plugins');
    // What was expected, and what came.
    expect(body.message).toMatch(/^Invalid query: plugins: expected (plugin ids separated by commas|string)/);
    expect(body.message).toMatch(/received .+/);
    await tick();
    expect(d.told.every((w) => w.watchers === 0)).toBe(true);
    expect(deps.display.rowWatchers()).toBe(0);
  });
});
