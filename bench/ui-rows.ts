import type { BrowserContext } from 'playwright-core';
import { prepare } from './display-support.ts';
import { treeCpuPct } from './hosts-support.ts';
import { startServer, type Row, type RunningServer } from './harness.ts';

const PLUGINS = 5;
/** `BENCH_ROWS_SECONDS` (default 30) is the length of each CPU measurement. */
const SECONDS = Number(process.env.BENCH_ROWS_SECONDS ?? 30);
const COLOURS = [
  [200, 0, 0],
  [0, 200, 0],
  [0, 0, 200],
  [200, 200, 0],
  [0, 200, 200],
];

/** Row frames the Plugins page has drawn so far, over every row (plain JavaScript: it runs in the page). */
const ROW_FRAMES_DRAWN = `() => {
  const page = document.querySelector('mq-app').shadowRoot.querySelector('mq-page-plugins').shadowRoot;
  return [...page.querySelectorAll('mq-plugin-item')]
    .map((i) => i.shadowRoot.querySelector('mq-row-frame'))
    .reduce((n, r) => n + (r ? r.framesDrawn : 0), 0);
}`;

/** What the display's heartbeat says of its row frames: watchers now, off-screen renders asked for so far. */
async function rowFrames(s: RunningServer): Promise<{ watchers: number; asked: number }> {
  const body = (await (await fetch(`${s.url}/api/v3/health`)).json()) as {
    data: { checks: { display: { info: { row_frames?: { watchers: number; asked: number } } | null } } };
  };
  return body.data.checks.display.info?.row_frames ?? { watchers: -1, asked: 0 };
}
const watchers = async (s: RunningServer) => (await rowFrames(s)).watchers;

async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * CPU of the display and its plugin hosts with five enabled plugins (still pictures, each in its
 * own host): nobody watching, the Overview open (the panel's preview only), and the Plugins page
 * open (every row but the one on screen drawn off screen about once a second), then nobody again.
 */
export async function pluginRowsRows(context: BrowserContext): Promise<Row[]> {
  const plugins = Object.fromEntries(
    COLOURS.slice(0, PLUGINS).map((color, i) => [`row-${i}`, { color, display_duration: 3600 }]),
  );
  const env = prepare(plugins, { display: { plugin_rotation_order: Object.keys(plugins) } });
  // A heartbeat every second, so the count of watchers is read soon after it changes.
  const s = await startServer({ ...env, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_DISPLAY_FLUSH_MS: '1000' });
  const rows: Row[] = [];
  const metric = (what: string) => `${PLUGINS} enabled plugins, ${what}: display + hosts CPU over ${SECONDS} s`;
  try {
    const onScreen = async () =>
      ((await (await fetch(`${s.url}/api/v3/display/current-status`)).json()) as { data: { plugin_id: string | null } })
        .data.plugin_id !== null;
    await until(onScreen, 30_000, 'a plugin on screen');
    await new Promise((r) => setTimeout(r, 5_000));
    rows.push({
      scenario: 'ui',
      metric: metric('nobody watching'),
      value: await treeCpuPct(s, SECONDS),
      unit: '% of one core',
    });

    const page = await context.newPage();
    await page.goto(`${s.url}/#/overview`);
    await page.locator('mq-page-overview mq-preview.large').waitFor({ timeout: 30_000 });
    rows.push({
      scenario: 'ui',
      metric: metric('Overview open'),
      value: await treeCpuPct(s, SECONDS),
      unit: '% of one core',
    });

    await page.goto(`${s.url}/#/plugins`);
    await until(async () => (await watchers(s)) === 1, 30_000, 'the display to see one watcher');
    const drawn = async () => (await page.evaluate(`(${ROW_FRAMES_DRAWN})()`)) as number;
    const [drawn0, asked0] = [await drawn(), (await rowFrames(s)).asked];
    const t0 = performance.now();
    rows.push({
      scenario: 'ui',
      metric: metric('Plugins page open'),
      value: await treeCpuPct(s, SECONDS),
      unit: '% of one core',
    });
    const seconds = (performance.now() - t0) / 1000;
    const rate = (n: number) => Math.round((n / seconds) * 10) / 10;
    const asked = (await rowFrames(s)).asked - asked0;
    rows.push({
      scenario: 'ui',
      metric: `off-screen renders asked for by the display (${PLUGINS - 1} plugins off screen)`,
      value: rate(asked),
      unit: 'renders/s',
    });
    rows.push({
      scenario: 'ui',
      metric: 'row frames drawn by the Plugins page',
      value: rate((await drawn()) - drawn0),
      unit: 'frames/s',
    });
    await page.close();
    await until(async () => (await watchers(s)) === 0, 30_000, 'the display to see nobody watching');
    rows.push({
      scenario: 'ui',
      metric: metric('nobody watching again, the page closed'),
      value: await treeCpuPct(s, SECONDS),
      unit: '% of one core',
    });
  } finally {
    await s.stop();
  }
  return rows;
}
