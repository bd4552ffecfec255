import type { BrowserContext } from 'playwright-core';
import { startPluginHost } from '../test/browser/support/plugin-host.ts';
import { percentile, startServer, type Row } from './harness.ts';

const RUNS = 5;
const ID = 'bench-sample';

/**
 * In the page (plain JavaScript, so no transform adds helpers the page lacks): clicks Install on a
 * store card and measures, with the page's own clock, how long until the card shows the queued
 * operation and until it shows the first progress stage.
 */
const INSTALL_AND_TIME = `(id) => {
  const root = document.querySelector('mq-app').shadowRoot.querySelector('mq-page-store').shadowRoot;
  const card = [...root.querySelectorAll('mq-store-item')].find((c) => c.entry.id === id);
  const t0 = performance.now();
  card.shadowRoot.querySelector('button.install').click();
  return new Promise((resolve) => {
    let queued = 0;
    const check = () => {
      const progress = card.shadowRoot.querySelector('mq-op-progress');
      const op = progress && progress.shadowRoot && progress.shadowRoot.querySelector('[data-status]');
      if (op && !queued) queued = performance.now() - t0;
      const stage = op && op.getAttribute('data-stage');
      if (stage && stage !== 'starting') return resolve({ queued, stage: performance.now() - t0 });
      requestAnimationFrame(check);
    };
    check();
  });
}`;

/** Store → Install against the real bundled server, its registry and archive on loopback. */
export async function storeInstallRows(context: BrowserContext): Promise<Row[]> {
  const host = await startPluginHost();
  // Not a first-party id: the built-in source lists those too, with Install buttons of their own.
  host.setRegistry([host.entry(ID)]);
  host.serveArchive({ id: ID, version: '1.0.0' });
  const server = await startServer({
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    MARQUEE_REGISTRY_SOURCES: host.registryUrl,
    MARQUEE_GITHUB_ENRICH: 'false',
  });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const queued: number[] = [];
  const stage: number[] = [];
  try {
    const page = await context.newPage();
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/store`);
      const card = page.locator('mq-store-item').filter({ has: page.locator(`[data-plugin="${ID}"]`) });
      await card.locator('button.install').waitFor();
      const t = (await page.evaluate(`(${INSTALL_AND_TIME})('${ID}')`)) as { queued: number; stage: number };
      queued.push(t.queued);
      stage.push(t.stage);
      // Install switches the plugin on in the same operation: the card then says it is on the panel next.
      await card.locator('.outcome .next').waitFor();
      await post('/api/v3/plugins/uninstall', { plugin_id: ID });
    }
  } finally {
    await server.stop();
    await host.close();
  }
  const row = (metric: string, xs: number[], target?: string): Row => ({
    scenario: 'ui',
    metric: `${metric} (median of ${RUNS}; max ${Math.round(Math.max(...xs))} ms)`,
    value: Math.round(percentile(xs, 50)),
    unit: 'ms',
    target,
  });
  return [
    row('store install → operation shown on the card', queued),
    row('store install → first progress stage shown', stage, '<= 200'),
  ];
}
