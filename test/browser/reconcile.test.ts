import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The reconciler's findings in the UI, against the real server and a loopback registry: config.json
// names `ghost`, which no registry has (its repair fails for good: a manual item for the Overview
// banner), and `flaky`, which the registry lists on a host that refuses connections (a repair that
// fails, then waits for its next attempt: deferred).

/** Server state changes after the page's request: waited for, generously on a busy machine. */
const POLL = { timeout: 10_000 };

let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('flaky', { repo: 'http://127.0.0.1:1/flaky' })]);
  server = await startTestServer(
    { 'registry.sources': [host.registryUrl], 'github.enrich': false },
    { config: { ghost: { enabled: true }, flaky: { enabled: true } } },
  );
  browser = await launchBrowser({ viewport: { width: 360, height: 740 } });
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

const api = async (path: string, init?: RequestInit) => (await (await fetch(`${server.url}${path}`, init)).json()).data;
const post = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const latestRun = async () => (await api('/api/v3/plugins/reconciliation-status')).run;
const manual = (run: { manual_fix_required: Array<{ plugin_id: string }> } | null) =>
  (run?.manual_fix_required ?? []).map((i) => i.plugin_id);
const banner = () => page.locator('mq-reconcile-banner');

async function open(hash: string) {
  await page.goto('about:blank');
  await page.goto(`${server.url}/#/${hash}`);
}

describe('reconcile findings in the UI', () => {
  it('the Overview banner lists a configured plugin no registry has, once its repair gave up, with a Store link; no overflow at 360 px', async () => {
    // The start-up's run queued both repairs; the one that found no registry with `ghost` asked for the next.
    await expect.poll(async () => manual(await latestRun()), POLL).toEqual(['ghost']);
    expect((await latestRun()).trigger).toBe('repair');
    await open('overview');
    const item = banner().locator('li[data-plugin="ghost"]');
    await item.waitFor();
    expect(await item.getAttribute('data-type')).toBe('plugin_missing_on_disk');
    expect(await item.innerText()).toContain('no registry source has it');
    expect(await item.locator('a').getAttribute('href')).toBe('#/store');
    // Only what needs the user: the reinstall of `flaky` is the reconciler's own business.
    expect(await banner().locator('li').count()).toBe(1);
    expect(await banner().locator('h2').innerText()).toBe('A plugin needs your attention');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('"Check again" runs a forced pass, which asks for the repair again; the banner shows the run after it gave up', async () => {
    await open('overview');
    const before = await latestRun();
    await banner().locator('li[data-plugin="ghost"]').waitFor();
    await banner().getByRole('button', { name: 'Check again' }).click();
    const runs = async () =>
      ((await api('/api/v3/plugins/operation/history?operation_type=reconcile')) as Array<Record<string, unknown>>).map(
        (o) => [o.requested_by, o.status],
      );
    await expect
      .poll(async () => (await runs()).slice(0, 2), POLL)
      .toEqual([
        ['reconciler', 'completed'],
        ['api', 'completed'],
      ]);
    const run = await latestRun();
    expect(run.run_id).not.toBe(before.run_id);
    expect(manual(run)).toEqual(['ghost']);
    await banner().locator(`section[data-run="${run.run_id}"]`).waitFor();
    expect(await banner().locator('li[data-plugin="ghost"]').count()).toBe(1);
    expect(await banner().getByRole('button', { name: 'Check again' }).isDisabled()).toBe(false);
  });

  it('once the section is removed, the next run (started elsewhere) hides the banner through the event stream', async () => {
    await open('overview');
    await banner().locator('li[data-plugin="ghost"]').waitFor();
    const main = await api('/api/v3/config/main');
    delete main.ghost;
    await post('/api/v3/config/raw/main', main);
    const summary = await post('/api/v3/plugins/state/reconcile', {});
    expect(summary.manual_fix_required).toEqual([]);
    await banner().locator('section').waitFor({ state: 'detached' });
    expect(await banner().evaluate((b) => b.shadowRoot!.textContent!.trim())).toBe('');
    expect(errors).toEqual([]);
  });

  it('Health shows the latest run with its counts and the deferred reinstall with its next attempt; Run now runs one', async () => {
    await open('health');
    // Plugin repair is a technical detail of Health, folded away until opened.
    await page.locator('mq-page-health details.tech summary').click();
    const repair = page.locator('mq-page-health [data-section="repair"]');
    await repair.locator('dl[data-run]').waitFor();
    const before = await latestRun();
    await repair.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(async () => (await latestRun()).run_id, POLL).not.toBe(before.run_id);
    const run = await latestRun();
    expect(run).toMatchObject({ trigger: 'api', forced: false });
    await repair.locator(`dl[data-run="${run.run_id}"]`).waitFor();
    expect(await repair.locator('[data-fact="Started by"]').innerText()).toBe('Api');
    expect(await repair.locator('[data-fact="Deferred"]').innerText()).toBe(String(run.inconsistencies_deferred));
    expect(await repair.locator('[data-fact="Needs you"]').innerText()).toBe('0');
    // The reinstall queued by an earlier run failed or is under way: it waits for its backoff.
    const flaky = repair.locator('[data-list="deferred"] li[data-plugin="flaky"]');
    expect(await flaky.locator('[data-testid="next"]').innerText()).toMatch(/^\(next attempt .+, attempt \d+\)$/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
