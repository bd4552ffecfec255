/**
 * The hosts benchmark's Python figures: LEDMatrix-format plugins (the test fixtures) placed by the
 * display's supervisor in Python hosts, one host per plugin, as the display runs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { createLogger } from '../core/platform/log.ts';
import { createHostPlatform, type HostPlatform } from '../core/hosts/platform.ts';
import { createSupervisor } from '../core/hosts/supervisor.ts';
import { reachableRoot } from './display-support.ts';
import { memoryMb } from './hosts-support.ts';
import { percentile, sleep, type Row } from './harness.ts';

const S = 'hosts';
const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/ledmatrix-plugins');
const FIVE = ['hello-text', 'tz-clock', 'cache-ttl', 'actions', 'raises'];
const CONFIG: Record<string, Record<string, unknown>> = {
  'hello-text': { message: 'Hello' },
  raises: { display_only: true },
};
const facts = { web: { host: '127.0.0.1', port: 5000 }, timezone: 'UTC', location: {} };
const events = { lost: () => {}, cache: () => {}, live: () => {}, log: () => {} };

function supervisorAt(hosts: HostPlatform, root: string, panel: { width: number; height: number }) {
  return createSupervisor({
    ...hosts,
    panel,
    dataRoot: path.join(root, 'data'),
    memoryMb: 64,
    loadDeadlineMs: 20_000,
    cacheLimits: { cacheValueBytes: 1024, cacheEntries: 10 },
    shareFirstParty: true,
    firstPartyDirs: () => [],
    facts: () => facts,
    log: createLogger({ level: 'silent', clock: { now: () => Date.now() } }),
  });
}

/** Loads the fixture plugins `ids`, each in its own host; throws when one does not load. */
async function place(sup: ReturnType<typeof createSupervisor>, root: string, ids: string[]) {
  const links = [];
  for (const id of ids) {
    const dir = path.join(root, 'plugin-repos', id);
    fs.cpSync(path.join(FIXTURES, id), dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const link = sup.attach({ id, dir, entry: path.join(dir, 'manager.py'), manifest, firstParty: false }, events);
    const out = await link.load(CONFIG[id] ?? {}, facts, {});
    if (!out.ok) throw new Error(`${id}: ${out.error}`);
    links.push(link);
  }
  return links;
}

/** Five LEDMatrix plugins loaded and idle: their hosts' memory, in all and per host. */
async function idleMemory(rows: Row[], hosts: HostPlatform) {
  const root = reachableRoot('marquee-bench-py-');
  fs.mkdirSync(path.join(root, 'plugin-repos'));
  const sup = supervisorAt(hosts, root, { width: 64, height: 32 });
  try {
    await place(sup, root, FIVE);
    await sleep(3_000);
    const running = sup.hosts();
    const pids = running.flatMap((h) => [h.pid, h.wrapperPid]).filter((p): p is number => !!p);
    const all = memoryMb(pids);
    const label = `${FIVE.length} LEDMatrix plugins idle, ${running.length} Python hosts`;
    rows.push({ scenario: S, metric: `${label}: RSS in all`, value: all.rss, unit: 'MB' });
    rows.push({ scenario: S, metric: `${label}: PSS in all`, value: all.pss, unit: 'MB' });
    const per = (v: number) => Math.round((v / running.length) * 10) / 10;
    rows.push({ scenario: S, metric: `${label}: RSS per host (with its wrapper)`, value: per(all.rss), unit: 'MB' });
    rows.push({ scenario: S, metric: `${label}: PSS per host (with its wrapper)`, value: per(all.pss), unit: 'MB' });
    rows.push({ scenario: S, metric: `${label}: USS per host (with its wrapper)`, value: per(all.uss), unit: 'MB' });
  } finally {
    await sup.stop();
  }
}

/** display() of the text plugin at 64×32, 2,000 times: request sent to its frame read by the display. */
async function displayTimes(rows: Row[], hosts: HostPlatform) {
  const root = reachableRoot('marquee-bench-py-');
  fs.mkdirSync(path.join(root, 'plugin-repos'));
  const sup = supervisorAt(hosts, root, { width: 64, height: 32 });
  try {
    const [link] = await place(sup, root, ['hello-text']);
    const toFrame: number[] = [];
    const toDone: number[] = [];
    for (let i = 0; i < 2_200; i++) {
      const t0 = performance.now();
      let arrived = NaN;
      const req = { mode: 'hello-text', now: Date.now(), frame_no: i, force_clear: i === 0 };
      const out = await link!.render(req, 2_000, () => void (arrived = performance.now()));
      if (!out.ok) throw new Error(out.error);
      if (i >= 200) (toFrame.push(arrived - t0), toDone.push(performance.now() - t0));
    }
    const round = (v: number) => Math.round(v * 1000) / 1000;
    for (const p of [50, 99])
      rows.push({
        scenario: S,
        metric: `LEDMatrix text plugin display() at 64×32, request to frame read by the display, p${p}`,
        value: round(percentile(toFrame, p)),
        unit: 'ms',
      });
    rows.push({
      scenario: S,
      metric: 'LEDMatrix text plugin display() at 64×32, request to its reply, p99',
      value: round(percentile(toDone, 99)),
      unit: 'ms',
    });
  } finally {
    await sup.stop();
  }
}

export async function pythonFigures(rows: Row[]) {
  const hosts = await createHostPlatform({ hostUser: { uid: 65_534, gid: 65_534 } });
  const python = hosts.runtimes.find((r) => r.name === 'python');
  const why = python?.unavailable();
  if (!python || why) throw new Error(`Python hosts cannot run here: ${why ?? 'no runtime'}`);
  await idleMemory(rows, hosts);
  await displayTimes(rows, hosts);
}
