import { describe, expect, it } from 'vitest';
import type { FeedRequest, FeedResult } from '../../core/display/frame-feed.ts';
import { createRowFrames, type RowPlugin, type RowState } from '../../core/display/row-frames.ts';

interface Fake extends RowPlugin {
  asked: FeedRequest[];
  answer(r?: FeedResult): void;
}

/** A plugin whose renders are answered by the test, one at a time. */
function fake(id: string, o: { host?: string; shared?: boolean; p95?: number; minPeriod?: number } = {}): Fake {
  const answers: Array<(r: FeedResult) => void> = [];
  const asked: FeedRequest[] = [];
  return {
    id,
    asked,
    eligible: () => true,
    modes: () => [`${id}-mode`],
    host: () => ({ key: o.host ?? id, shared: o.shared ?? false }),
    minPeriodMs: () => o.minPeriod ?? 0,
    renderP95Ms: () => o.p95 ?? 1,
    rowState: (): RowState => 'running',
    renderOffScreen(req) {
      asked.push(req);
      return new Promise<FeedResult>((resolve) => answers.push(resolve));
    },
    answer(r = { ok: true, shown: true, nextInMs: 1000, pixels: new Uint8Array([1, 2, 3]) }) {
      answers.shift()!(r);
    },
  };
}

function rows(plugins: Fake[], onScreen: string | null = null) {
  const sent: Array<{ id: string; rgb: Uint8Array }> = [];
  const states: Array<Record<string, RowState>> = [];
  const r = createRowFrames({
    plugins: () => plugins,
    onScreen: () => onScreen,
    send: (id, rgb) => void sent.push({ id, rgb }),
    sendStates: (s) => void states.push(s),
    wallNow: () => 1_000_000,
  });
  return { r, sent, states };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('row frames', () => {
  it('asks for no off-screen render while nobody watches', () => {
    const a = fake('a');
    const { r, states } = rows([a]);
    for (let t = 0; t < 10_000; t += 250) r.tick(t);
    expect(a.asked).toEqual([]);
    expect(states).toEqual([]);
    expect(r.stats()).toEqual({ watchers: 0, asked: 0, dropped: 0 });
  });

  it('draws each plugin off screen about once a second while watched, never the one on screen', async () => {
    const a = fake('a');
    const b = fake('b');
    const { r, sent } = rows([a, b], 'a');
    r.setWatch({ watchers: 1, plugins: null });
    r.tick(performance.now());
    expect(a.asked).toEqual([]);
    expect(b.asked).toHaveLength(1);
    expect(b.asked[0]).toMatchObject({ mode: 'b-mode', frameNo: 0, forceClear: true, now: 1_000_250 });
    b.answer();
    await settle();
    expect(sent.map((s) => s.id)).toEqual(['b']);
    // Not again before a second has passed.
    r.tick(performance.now() + 500);
    expect(b.asked).toHaveLength(1);
    r.tick(performance.now() + 1_000);
    expect(b.asked).toHaveLength(2);
    expect(b.asked[1]).toMatchObject({ frameNo: 1, forceClear: false });
  });

  it('keeps one request per plugin at a time, and spaces them as its CPU budget says', async () => {
    const slow = fake('slow', { minPeriod: 4_000 });
    const { r } = rows([slow]);
    r.setWatch({ watchers: 2, plugins: null });
    const t0 = performance.now();
    r.tick(t0);
    r.tick(t0 + 5_000);
    expect(slow.asked).toHaveLength(1);
    slow.answer();
    await settle();
    r.tick(t0 + 3_900);
    expect(slow.asked).toHaveLength(1);
    r.tick(t0 + 4_000);
    expect(slow.asked).toHaveLength(2);
  });

  it('drops a frame that arrives later than a period after it was due', async () => {
    const a = fake('a');
    const { r, sent } = rows([a]);
    r.setWatch({ watchers: 1, plugins: null });
    // Asked "two seconds ago": its answer now is late.
    r.tick(performance.now() - 2_000);
    a.answer();
    await settle();
    expect(sent).toEqual([]);
    expect(r.stats()).toMatchObject({ asked: 1, dropped: 1 });
  });

  it('draws only the plugins asked for, and stops when the last watcher leaves', async () => {
    const a = fake('a');
    const b = fake('b');
    const { r, sent, states } = rows([a, b]);
    r.setWatch({ watchers: 1, plugins: ['b'] });
    r.tick(performance.now());
    expect(a.asked).toHaveLength(0);
    expect(states.at(-1)).toEqual({ b: 'running' });
    r.setWatch({ watchers: 0, plugins: null });
    b.answer();
    await settle();
    expect(sent).toEqual([]);
    r.tick(performance.now() + 5_000);
    expect(b.asked).toHaveLength(1);
  });

  it('leaves a slow plugin alone while it shares its host with the plugin on screen', () => {
    const screen = fake('screen', { host: 'shared', shared: true });
    const slow = fake('slow', { host: 'shared', shared: true, p95: 120 });
    const quick = fake('quick', { host: 'shared', shared: true, p95: 3 });
    const own = fake('own', { p95: 120 });
    const { r } = rows([screen, slow, quick, own], 'screen');
    r.setWatch({ watchers: 1, plugins: null });
    r.tick(performance.now());
    expect([screen, slow, quick, own].map((p) => p.asked.length)).toEqual([0, 0, 1, 1]);
  });

  it('sends the states when watching begins and again only when one changes', () => {
    const a = fake('a');
    let state: RowState = 'running';
    a.rowState = () => state;
    const { r, states } = rows([a]);
    r.setWatch({ watchers: 1, plugins: null });
    r.tick(0);
    r.tick(1);
    expect(states).toEqual([{ a: 'running' }]);
    state = 'breaker';
    r.tick(2);
    expect(states).toEqual([{ a: 'running' }, { a: 'breaker' }]);
    r.setWatch({ watchers: 2, plugins: null });
    r.tick(3);
    expect(states).toHaveLength(3);
  });
});
