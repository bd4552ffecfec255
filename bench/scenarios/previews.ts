/**
 * Store previews: a registry of 50 plugins on loopback (one in five animated), every preview drawn
 * once by the real bundled server in its confined plugin hosts, then the Store page's first paint
 * in Chromium with the previews from the server's cache. Figures: the cost of one preview (its
 * operation, download and host start included; CPU per frame), the PNGs' sizes, the first paint,
 * and the UI bundle gzipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { percentile, sleep, startServer, type Row, type Scenario } from '../harness.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/browser/support/browser.ts';
import { startPluginHost } from '../../test/browser/support/plugin-host.ts';
import { bundleSizes } from './ui.ts';

const ENTRIES = 50;
const RUNS = 7;
const ids = Array.from({ length: ENTRIES }, (_, i) => `bench-preview-${String(i).padStart(2, '0')}`);

const still = (i: number) => `export default class P {
  render(frame) { frame.clear([0, 0, 20]); frame.fillRect(2, 2, frame.width - 4, frame.height - 4, [${(i * 37) % 255}, 120, 200]);
    frame.stackText([{ text: 'P${i}', color: [255, 255, 255] }]); return true; }
}\n`;
const moving = (i: number) => `export default class M {
  render(frame, info) { const x = Math.floor(info.elapsedMs / 50) % frame.width;
    frame.stackText([{ text: 'M${i}', color: [255, 200, 0] }]); frame.fillRect(x, frame.height - 3, 6, 3, [0, 255, 0]); return true; }
}\n`;

interface State {
  state: string;
  frames: number | null;
  render_ms?: number;
}

async function stateOf(url: string, id: string): Promise<State> {
  const res = await fetch(`${url}/api/v3/plugins/store/plugin/${id}/preview`);
  return ((await res.json()) as { data: State }).data;
}

/** Asks for every preview and waits until each is drawn. */
async function drawAll(url: string): Promise<State[]> {
  const states = new Map<string, State>();
  while (states.size < ids.length) {
    for (const id of ids) {
      if (states.has(id)) continue;
      const s = await stateOf(url, id);
      if (s.state === 'ready') states.set(id, s);
      else if (s.state !== 'pending') throw new Error(`${id}: no preview (${JSON.stringify(s)})`);
    }
    await sleep(500);
  }
  return ids.map((id) => states.get(id)!);
}

/**
 * In the page: ms from navigation start until every card on screen shows its preview, or its
 * reason when it has none (a first-party plugin waiting for its data), false until then.
 */
function previewsOnScreen(entries: number): number | false {
  const root = document.querySelector('mq-app')?.shadowRoot?.querySelector('mq-page-store')?.shadowRoot;
  const cards = [...(root?.querySelectorAll('mq-store-item') ?? [])];
  if (cards.length < entries) return false;
  const visible = cards
    .map((c) => c.shadowRoot?.querySelector('mq-store-preview'))
    .filter((p) => !!p && p.getBoundingClientRect().top < innerHeight);
  const done = visible.every((p) => ['ready', 'unavailable'].includes((p as unknown as { state: string }).state));
  return visible.length > 0 && done ? performance.now() : false;
}

async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${url}/#/store`, { waitUntil: 'commit' });
  const t = await page.waitForFunction(previewsOnScreen, ENTRIES, { polling: 'raf', timeout: 30_000 });
  return (await t.jsonValue()) as number;
}

async function pngSizes(url: string, states: State[]) {
  const stills: number[] = [];
  const strips: number[] = [];
  for (const [i, id] of ids.entries()) {
    const get = async (f: string) =>
      (await (await fetch(`${url}/api/v3/plugins/store/plugin/${id}/${f}`)).arrayBuffer()).byteLength;
    stills.push(await get('preview.png'));
    if ((states[i]!.frames ?? 1) > 1) strips.push(await get('preview-frames.png'));
  }
  return { stills, strips };
}

export const scenario: Scenario = {
  name: 'previews',
  async run() {
    const host = await startPluginHost();
    host.setRegistry(ids.map((id) => host.entry(id)));
    ids.forEach((id, i) => host.serveArchive({ id, code: i % 5 === 0 ? moving(i) : still(i) }));
    const server = await startServer({
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_REGISTRY_SOURCES: host.registryUrl,
      MARQUEE_GITHUB_ENRICH: 'false',
      MARQUEE_PANEL_COLS: '64',
      MARQUEE_PANEL_ROWS: '32',
    });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    try {
      const states = await drawAll(server.url);
      const history = (await (await fetch(`${server.url}/api/v3/plugins/operation/history?limit=200`)).json()) as {
        data: Array<{ operation_type: string; started_at: string; completed_at: string }>;
      };
      const ops = history.data.filter((o) => o.operation_type === 'store-preview');
      const wall = ops.map((o) => Date.parse(o.completed_at) - Date.parse(o.started_at));
      const cpu = states.map((s) => s.render_ms ?? 0);
      const { stills, strips } = await pngSizes(server.url, states);
      const page = await context.newPage();
      await firstPaint(page, server.url); // warms the browser's caches, as a second visit finds them
      const paints: number[] = [];
      for (let i = 0; i < RUNS; i++) paints.push(await firstPaint(page, server.url));
      const size = bundleSizes();
      const med = (xs: number[]) => Math.round(percentile(xs, 50) * 100) / 100;
      const row = (metric: string, value: number, unit: string, target?: string): Row => ({
        scenario: 'previews',
        metric,
        value,
        unit,
        target,
      });
      return [
        row(
          `preview drawn, per entry (operation: download, host start, 10 frames; median of ${ops.length})`,
          med(wall),
          'ms',
        ),
        row('preview render CPU per frame in the host (median)', med(cpu), 'ms'),
        row(`still preview PNG 64×32 (median of ${stills.length})`, med(stills), 'B'),
        row(`animated strip PNG 64×320, 10 frames (median of ${strips.length})`, med(strips), 'B'),
        row(
          `Store with ${ENTRIES} entries: previews on screen from cache (median of ${RUNS})`,
          med(paints),
          'ms',
          '<= 500',
        ),
        row(`UI bundle gzipped (${size.files} files)`, Math.round(size.gzip / 102.4) / 10, 'KB', '<= 120'),
      ];
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await server.stop();
      await host.close();
    }
  },
};
