import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startRealServer, type RealServer } from './support/real-server.ts';

// The Health page's display and plugin sections against the real server and its display child:
// one plugin that draws, one whose update always throws (after three failures, a fraction of a
// second apart, its circuit breaker opens), one that ends its host at every update (quarantined
// after three). The display reports every half second.

let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startRealServer({
    plugins: { fine: { display_modes: ['fine'] }, broken: { display_modes: ['broken'] }, quitter: {} },
    config: {
      fine: { enabled: true, color: [0, 120, 0], scroll: 'OK', fps: 5 },
      broken: { enabled: true, update: 'throw' },
      quitter: { enabled: true, update: 'exit' },
    },
    env: { MARQUEE_DISPLAY_FLUSH_MS: '500' },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const api = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()).data;
const view = () => page.locator('mq-page-health');
/** A fresh Health page (a hash change alone would keep the page already open). */
async function open() {
  await page.goto('about:blank');
  await page.goto(`${server.url}/#/health`);
}

describe('Health', () => {
  it("shows the display's panel, backend and frame timings from its heartbeat", async () => {
    await expect
      .poll(async () => (await api('/api/v3/health')).checks.display.info?.frames?.frames ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await open();
    const display = view().locator('[data-section="display"]');
    await display.waitFor();
    expect(await display.locator('[data-fact="Panel"]').innerText()).toBe('32 × 16');
    expect(await display.locator('[data-fact="Backend"]').innerText()).toBe('emulator');
    expect(Number(await display.locator('[data-fact="Frames drawn"]').innerText())).toBeGreaterThan(0);
    expect(await display.locator('[data-fact="Interval between frames, median"]').innerText()).toMatch(
      /^\d+(\.\d)? ms$/,
    );
    // The raw heartbeat is not dumped into the checks list as well.
    expect(await view().locator('[data-check="display"] .facts').innerText()).not.toContain('frames');
  });

  it("lists each plugin's breaker, failures, last error and timings; Reset closes an open breaker", async () => {
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).broken.circuit_state, { timeout: 20_000, interval: 250 })
      .toBe('open');
    await open();
    const table = view().locator('mq-plugin-health');
    const broken = table.locator('tr[data-plugin="broken"]');
    await broken.waitFor();
    expect(await broken.locator('[data-breaker]').innerText()).toBe('stopped (breaker open)');
    expect(await broken.locator('[data-col="last-error"]').innerText()).toContain('update exploded');
    expect(await broken.locator('[data-col="failures"]').innerText()).toMatch(/^\d+ in a row · \d+ in all$/);
    const fine = table.locator('tr[data-plugin="fine"]');
    expect(await fine.locator('[data-breaker]').innerText()).toBe('running');
    expect(await fine.locator('button').count()).toBe(0);

    const reset = page.waitForResponse((r) => r.url().endsWith('/api/v3/plugins/health/broken/reset'));
    await broken.locator('button', { hasText: 'Reset' }).click();
    const answer = await (await reset).json();
    expect(answer.data).toMatchObject({ plugin_id: 'broken', circuit_state: 'closed', consecutive_failures: 0 });
    await table.locator('[role="status"]', { hasText: 'Health of broken reset' }).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows each plugin's host (pid, memory, CPU, restarts, last kill) and a quarantine until Reset", async () => {
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).quitter.quarantined, { timeout: 20_000, interval: 250 })
      .toBe(true);
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).fine.host?.pid ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await open();
    const table = view().locator('mq-plugin-health');
    const quitter = table.locator('tr[data-plugin="quitter"]');
    await quitter.waitFor();
    expect(await quitter.locator('[data-quarantined]').innerText()).toMatch(/quarantined/);
    expect(await quitter.locator('[data-col="restarts"]').innerText()).toBe('3');
    expect(await quitter.locator('[data-col="last-kill"]').innerText()).toContain('host exited with code 3');
    expect(await quitter.locator('button', { hasText: 'Reset' }).count()).toBe(1);
    const fine = table.locator('tr[data-plugin="fine"]');
    expect(await fine.locator('[data-col="host"]').innerText()).toMatch(/^pid \d+ · [\d.]+ MB PSS · [\d.]+ MB RSS$/);
    expect(await fine.locator('[data-col="cpu"]').innerText()).toMatch(/^[\d.]+% of 25%/);
    expect(errors).toEqual([]);
  });
});
