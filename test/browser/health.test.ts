import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// The Health page's display and plugin sections against the real server and its display child:
// one plugin that draws, one whose update always throws (after three failures, a fraction of a
// second apart, its circuit breaker opens), one that is off, and one that ends its host at every
// update (quarantined after three), turned on by the test that looks for it. The display reports
// every half second.

let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

showServerLogOnFailure(() => server);

beforeAll(async () => {
  server = await startRealServer({
    plugins: { fine: { display_modes: ['fine'] }, broken: { display_modes: ['broken'] }, idle: {}, quitter: {} },
    config: {
      fine: { enabled: true, color: [0, 120, 0], scroll: 'OK', fps: 5 },
      broken: { enabled: true, update: 'throw' },
      idle: { enabled: false },
      quitter: { enabled: false, update: 'exit' },
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
  it("keeps the display's panel, backend and frame timings in the technical details, without pids or paths", async () => {
    await expect
      .poll(async () => (await api('/api/v3/health')).checks.display.info?.frames?.frames ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await open();
    const tech = view().locator('details.tech');
    await tech.waitFor();
    expect(await tech.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await tech.locator('summary').click();
    const display = view().locator('[data-section="display"]');
    await display.waitFor();
    expect(await display.locator('[data-fact="Panel"]').innerText()).toBe('32 × 16');
    expect(await display.locator('[data-fact="Backend"]').innerText()).toBe('emulator');
    expect(Number(await display.locator('[data-fact="Frames drawn"]').innerText())).toBeGreaterThan(0);
    expect(await display.locator('[data-fact="Interval between frames, median"]').innerText()).toMatch(
      /^(\d+(\.\d)? ms|—)$/,
    );
    // The raw heartbeat is not dumped into the checks list as well, nor a pid or a folder.
    expect(await view().locator('[data-check="display"] .facts').innerText()).not.toContain('frames');
    const checks = await view().locator('[data-section="checks"]').innerText();
    expect(checks).not.toMatch(/\bpid\b/i);
    expect(checks).not.toContain(server.root);
    expect(checks).toMatch(/Heartbeat\s+\d+ s ago/);
  });

  it('answers "is my panel OK?" first: what is wrong, what to do, a reset; a plugin that is off is "Off"', async () => {
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).broken.circuit_state, { timeout: 20_000, interval: 250 })
      .toBe('open');
    await open();
    const summary = view().locator('[data-section="summary"]');
    await summary.locator('[data-testid="verdict"]').waitFor();
    expect(await summary.locator('[data-testid="verdict"]').innerText()).toBe('One thing needs your attention');
    const finding = summary.locator('.findings li[data-level="danger"]');
    expect(await finding.locator('.title').innerText()).toMatch(
      /^broken stopped after failing \d+ times: .*update exploded/,
    );
    expect(await finding.locator('.action').innerText()).toContain('Check its settings');

    const states = view().locator('[data-section="plugins"]');
    expect(await states.locator('li[data-plugin="fine"] .state').innerText()).toBe('On, working');
    expect(await states.locator('li[data-plugin="idle"] .state').innerText()).toBe('Off');
    expect(await states.locator('li[data-plugin="broken"] .state').innerText()).toBe('Stopped after failing');

    const reset = page.waitForResponse((r) => r.url().endsWith('/api/v3/plugins/health/broken/reset'));
    await finding.getByRole('button', { name: 'Reset and run it again' }).click();
    const answer = await (await reset).json();
    expect(answer.data).toMatchObject({ plugin_id: 'broken', circuit_state: 'closed', consecutive_failures: 0 });
    await summary.locator('[role="status"]', { hasText: 'broken runs again on its next turn' }).waitFor();

    // The technical table names the same states; the off plugin is never "running".
    await view().locator('details.tech summary').click();
    const table = view().locator('mq-plugin-health');
    await table.locator('tr[data-plugin="idle"]').waitFor();
    expect(await table.locator('tr[data-plugin="idle"] [data-col="state"]').innerText()).toBe('Off');
    expect(await table.locator('tr[data-plugin="broken"] [data-col="last-error"]').innerText()).toContain(
      'update exploded',
    );
    expect(errors).toEqual([]);
  });

  it("shows each plugin's host (pid, memory, CPU, restarts, last kill) and a quarantine until Reset", async () => {
    const toggled = await fetch(`${server.url}/api/v3/plugins/toggle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plugin_id: 'quitter', enabled: true }),
    });
    expect(toggled.status).toBe(200);
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).quitter.quarantined, { timeout: 20_000, interval: 250 })
      .toBe(true);
    await expect
      .poll(async () => (await api('/api/v3/plugins/health')).fine.host?.pid ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await open();
    await view().locator('details.tech summary').click();
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
