import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { createLogger } from '../../core/platform/log.ts';
import { createHostPlatform } from '../../core/hosts/platform.ts';
import { createSupervisor } from '../../core/hosts/supervisor.ts';
import { percentile, sleep, startServer, type Row, type RunningServer } from '../harness.ts';
import { displayPid, nextBeat, prepare, prepareFirstParty, reachableRoot, startPanel } from '../display-support.ts';
import { addHostile, displayTree, health, HOSTILE_SECONDS, memoryMb, msUntil, treeCpuPct } from '../hosts-support.ts';
import { pythonFigures } from '../hosts-python.ts';

const S = 'hosts';
const SCROLL = { scroll: 'STEADY BESIDE A HOSTILE PLUGIN', fps: 30, color: [0, 0, 0], display_duration: 10 };

/** Each hostile plugin beside a 30 fps scroller, taking turns on screen; `config` may use the running server. */
const HOSTILE: Array<[string, (s: RunningServer) => Record<string, unknown> | null]> = [
  // The machine's own share of the gaps: the scroller with nothing beside it.
  ['nothing beside it (baseline)', () => null],
  ['render() stuck in a loop', () => ({ when: 'render', attack: 'hang' })],
  ['render() busy for 900 ms', () => ({ when: 'render', attack: 'busy', busy_ms: 900 })],
  ['update() spinning', () => ({ attack: 'spin' })],
  ['update() never settling', () => ({ attack: 'hang' })],
  ['render() throwing', () => ({ when: 'render', attack: 'throw' })],
  ['JS heap growing', () => ({ attack: 'heap' })],
  ['Buffers growing', () => ({ attack: 'offheap' })],
  ['process.exit()', () => ({ attack: 'exit' })],
  ['killing the display', (s) => ({ attack: 'kill', pid: displayPid(s) })],
  ['killing the web process', (s) => ({ attack: 'kill', pid: s.pid })],
  ['calling the API', (s) => ({ attack: 'fetch', url: `${s.url}/api/v3/plugins/toggle`, method: 'POST', body: '{}' })],
];

async function beside(rows: Row[], name: string, attack: (s: RunningServer) => Record<string, unknown> | null) {
  const env = prepare({ scroll: SCROLL, x: { enabled: false } });
  addHostile(env.MARQUEE_PLUGINS_DIR, 'x');
  const s = await startPanel({ ...env, MARQUEE_DISPLAY_FLUSH_MS: '1000' });
  try {
    const [web, display] = [s.pid, displayPid(s)];
    await msUntil(async () => (await nextBeat(s, 0)).info.screen.plugin_id === 'scroll', 15_000);
    const b0 = await nextBeat(s, Date.now());
    const hostile = attack(s);
    const config = { scroll: { enabled: true, ...SCROLL }, x: { enabled: !!hostile, display_duration: 5, ...hostile } };
    fs.writeFileSync(path.join(env.MARQUEE_CONFIG_DIR, 'config.json'), JSON.stringify(config));
    const t0 = Date.now();
    const stopped = hostile
      ? await msUntil(async () => {
          const h = await health(s, 'x');
          return h.circuit_state === 'open' || h.quarantined;
        }, 15_000)
      : NaN;
    await sleep(Math.max(0, HOSTILE_SECONDS * 1000 - (Date.now() - t0)));
    const b1 = await nextBeat(s, Date.now());
    const h = await health(s, 'x');
    const f0 = b0.info.frames;
    const f1 = b1.info.frames;
    rows.push({
      scenario: S,
      metric: `${name}: scroller frame gaps > 50 ms in ${HOSTILE_SECONDS} s`,
      value: f1.gaps_over_50ms - f0.gaps_over_50ms,
      unit: 'gaps',
      target: '<= 0',
    });
    rows.push({ scenario: S, metric: `${name}: longest scroller frame interval`, value: f1.max_ms, unit: 'ms' });
    rows.push({
      scenario: S,
      metric: `${name}: breaker open or quarantined after (from enabling, config pick-up included)`,
      value: stopped,
      unit: 'ms',
      ...(Number.isNaN(stopped) ? {} : { target: '<= 5000' }),
    });
    rows.push({
      scenario: S,
      metric: `${name}: display and web kept their pids, plugin blamed (${h.last_error ?? h.last_kill_reason ?? 'no failure'})`,
      value: displayPid(s) === display && isAlive(web) ? 1 : 0,
      unit: '(1 = yes)',
      target: '>= 1',
    });
  } finally {
    await s.stop();
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function weatherStub() {
  const forecast = fs.readFileSync(path.join(PROJECT_ROOT, 'plugin-repos/weather/test/fixtures/forecast.json'));
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(forecast),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/forecast`, close: () => server.close() };
}

/** Display and hosts with the five first-party plugins, then with `extra` third-party plugins more. */
async function memory(rows: Row[], extra: number) {
  const weather = await weatherStub();
  const { env, ids } = prepareFirstParty(weather.url);
  const config = JSON.parse(fs.readFileSync(path.join(env.MARQUEE_CONFIG_DIR, 'config.json'), 'utf8'));
  for (let i = 0; i < extra; i++) {
    addHostile(env.MARQUEE_PLUGINS_DIR, `third${i}`);
    config[`third${i}`] = { enabled: true, attack: 'none', color: [i * 40, 0, 0] };
  }
  fs.writeFileSync(path.join(env.MARQUEE_CONFIG_DIR, 'config.json'), JSON.stringify(config));
  const s = await startServer({ ...env, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_PANEL_COLS: '128' });
  try {
    await sleep(15_000);
    const tree = displayTree(s);
    const total = memoryMb(tree);
    const display = memoryMb([tree[0]!]);
    const label = `${ids.length} first-party${extra ? ` + ${extra} third-party` : ''}`;
    rows.push({
      scenario: S,
      metric: `${label}: display + hosts, PSS`,
      value: total.pss,
      unit: 'MB',
      target: extra ? undefined : '<= 130',
    });
    rows.push({ scenario: S, metric: `${label}: display + hosts, USS`, value: total.uss, unit: 'MB' });
    rows.push({
      scenario: S,
      metric: `${label}: display + hosts, RSS (binary counted per process)`,
      value: total.rss,
      unit: 'MB',
    });
    rows.push({
      scenario: S,
      metric: `${label}: display alone, PSS / RSS`,
      value: display.pss,
      unit: `MB / ${display.rss} MB`,
    });
    rows.push({ scenario: S, metric: `${label}: host processes`, value: tree.length - 1, unit: '(with wrappers)' });
    return total;
  } finally {
    await s.stop();
    weather.close();
  }
}

/** The default plugins (clock and web UI address) on an idle panel: CPU of the display and its hosts. */
async function idle(rows: Row[]) {
  const weather = await weatherStub();
  const { env } = prepareFirstParty(weather.url);
  const config = JSON.parse(fs.readFileSync(path.join(env.MARQUEE_CONFIG_DIR, 'config.json'), 'utf8'));
  for (const id of ['countdown', 'text', 'weather']) config[id].enabled = false;
  fs.writeFileSync(path.join(env.MARQUEE_CONFIG_DIR, 'config.json'), JSON.stringify(config));
  const s = await startServer({ ...env, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_PANEL_COLS: '128' });
  try {
    await sleep(10_000);
    const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
    rows.push({
      scenario: S,
      metric: `idle with clock and web UI address: display + hosts CPU over ${seconds} s`,
      value: await treeCpuPct(s, seconds),
      unit: '% of one core',
      target: '<= 2',
    });
  } finally {
    await s.stop();
    weather.close();
  }
}

/** A 256×64 frame from host to display: the round trip of a render request, which bounds the crossing. */
async function crossing(rows: Row[]) {
  const root = reachableRoot('marquee-bench-crossing-');
  const dir = path.join(root, 'fill');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'plugin.mjs'),
    'export default { render(f, i) { f.clear([i.frame % 256, 80, 160]); return true; } };',
  );
  const hosts = await createHostPlatform({ hostUser: { uid: 65_534, gid: 65_534 } });
  const log = createLogger({ level: 'silent', clock: { now: () => Date.now() } });
  const facts = { web: { host: '127.0.0.1', port: 5000 }, timezone: 'UTC', location: {} };
  const sup = createSupervisor({
    ...hosts,
    panel: { width: 256, height: 64 },
    dataRoot: path.join(root, 'data'),
    memoryMb: 64,
    loadDeadlineMs: 10_000,
    cacheLimits: { cacheValueBytes: 1024, cacheEntries: 10 },
    shareFirstParty: false,
    firstPartyDirs: () => [],
    facts: () => facts,
    log,
  });
  const events = { lost: () => {}, cache: () => {}, live: () => {}, log: () => {} };
  const link = sup.attach(
    { id: 'fill', dir, entry: path.join(dir, 'plugin.mjs'), manifest: { id: 'fill' }, firstParty: false },
    events,
  );
  try {
    const loaded = await link.load({}, facts, {});
    if (!loaded.ok) throw new Error(loaded.error);
    const rtt: number[] = [];
    const cross: number[] = [];
    for (let i = 0; i < 3_000; i++) {
      const t0 = performance.now();
      let arrived = 0;
      let crossed = 0;
      const req = { mode: 'fill', now: Date.now(), frame_no: i, force_clear: true };
      await link.render(req, 1_000, (_px, h) => {
        arrived = performance.now();
        crossed = Number(process.hrtime.bigint() - BigInt(String(h.mono_ns))) / 1e6;
      });
      if (i >= 200) (rtt.push(arrived - t0), cross.push(crossed));
    }
    const counts = sup.hosts()[0]!.counts;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    const figure = (metric: string, values: number[], p: number, target?: string) =>
      rows.push({
        scenario: S,
        metric: `256×64 frame, ${metric}, p${p}`,
        value: round(percentile(values, p)),
        unit: 'ms',
        ...(target ? { target } : {}),
      });
    figure('written by the host to read by the display', cross, 50);
    figure('written by the host to read by the display', cross, 99, '<= 1');
    figure('render request to frame in the display (round trip)', rtt, 50);
    figure('render request to frame in the display (round trip)', rtt, 99);
    rows.push({
      scenario: S,
      metric: `messages whose bytes had to be joined (copied) on arrival, of ${counts.messages}`,
      value: counts.joined,
      unit: 'messages',
    });
  } finally {
    link.detach();
    await sup.stop();
  }
}

export const scenario = {
  name: 'hosts',
  async run() {
    const rows: Row[] = [];
    const parts = process.env.BENCH_HOSTS_PARTS?.split(',');
    const part = (p: string) => !parts || parts.includes(p);
    if (part('crossing')) await crossing(rows);
    if (part('python')) await pythonFigures(rows);
    if (part('memory')) {
      const base = await memory(rows, 0);
      const more = await memory(rows, 4);
      rows.push({
        scenario: S,
        metric: 'each further JavaScript plugin (its own host), PSS',
        value: Math.round(((more.pss - base.pss) / 4) * 10) / 10,
        unit: 'MB',
        target: '<= 12',
      });
      rows.push({
        scenario: S,
        metric: 'each further JavaScript plugin (its own host), USS',
        value: Math.round(((more.uss - base.uss) / 4) * 10) / 10,
        unit: 'MB',
      });
    }
    if (part('idle')) await idle(rows);
    const only = process.env.BENCH_HOSTILE_ONLY?.split(',');
    if (part('hostile'))
      for (const [name, attack] of HOSTILE)
        if (!only || only.some((o) => name.startsWith(o))) await beside(rows, name, attack);
    return rows;
  },
};
