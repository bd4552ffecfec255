import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import type { Executor } from '../../core/queue/index.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The History page against the real server and its real operation queue (SQLite rows, the runner,
// the event stream). Three operation kinds stand in for the areas that enqueue work: one that
// logs steps and succeeds, one that fails with a catalogue error, one that runs until released.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const releases = new Map<string, () => void>();

const EXECUTORS: Executor[] = [
  {
    kind: 'test-steps',
    timeoutMs: 10_000,
    maxAttempts: 1,
    async run({ progress }) {
      progress(0.25, 'download', 'fetching the archive');
      progress(0.75, 'verify');
      return { message: 'Installed 1.2.0', version: '1.2.0' };
    },
  },
  {
    kind: 'test-fail',
    timeoutMs: 10_000,
    maxAttempts: 1,
    async run({ progress }) {
      progress(0.5, 'download');
      throw new AppError('REGISTRY_UNAVAILABLE', { message: 'Plugin registry is unavailable: connection refused' });
    },
  },
  {
    kind: 'test-hold',
    timeoutMs: 60_000,
    maxAttempts: 1,
    run: ({ op, signal, progress }) =>
      new Promise((resolve, reject) => {
        progress(0.1, 'waiting');
        releases.set(op.key, () => resolve({ released: true }));
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  },
];

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startTestServer({}, { extraExecutors: EXECUTORS });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
});

beforeEach(async () => {
  // Each test starts from an empty history.
  await fetch(`${server.url}/api/v3/plugins/operation/history`, { method: 'DELETE' });
});

afterAll(async () => {
  for (const release of releases.values()) release();
  await browser?.close();
  await server?.stop();
});

const queue = () => server.web.deps.queue;
const enqueue = (kind: string, key: string, requestedBy: 'api' | 'reconciler' | 'webhook' = 'api') =>
  queue().enqueue({ kind, key, requestedBy }).operation.id;
const finished = async (id: string) => {
  await queue().waitFor(id, 10_000);
  return queue().get(id)!;
};
const view = () => page.locator('mq-page-history');
const item = (id: string) => view().locator(`li[data-operation="${id}"]`);

/** A fresh page load: its own event stream (a hash change alone would keep the page's connection). */
async function open() {
  await page.goto('about:blank');
  await page.goto(`${server.url}/#/history`);
  await view().locator('.resource:not([data-state="loading"])').waitFor();
}

const nextDialog = (accept: boolean) =>
  new Promise<string>((resolve) =>
    page.once('dialog', async (d) => {
      resolve(d.message());
      await (accept ? d.accept() : d.dismiss());
    }),
  );

describe('History', () => {
  it('lists operations newest first, live as they are created, progress and finish', async () => {
    await open();
    expect(await view().locator('.empty').innerText()).toBe('No operations match.');
    await page.locator('mq-connection [data-state="open"]').waitFor();

    const ok = enqueue('test-steps', 'clock', 'reconciler');
    await item(ok).and(page.locator('[data-status="completed"]')).waitFor();
    const bad = enqueue('test-fail', 'weather', 'webhook');
    await item(bad).and(page.locator('[data-status="failed"]')).waitFor();
    expect(
      await view()
        .locator('li[data-operation]')
        .evaluateAll((els) => els.map((e) => e.dataset.operation)),
    ).toEqual([bad, ok]);
    // A sentence and a status in words; who asked is said in the details, never as "by api".
    expect(await item(ok).locator('summary').innerText()).toMatch(/^Test steps: done\s+Done\s+\S/);
    expect(await item(ok).locator('summary').innerText()).not.toMatch(/by (api|reconciler)/);
    expect(await item(bad).locator('summary .error-text').innerText()).toBe(
      'Plugin registry is unavailable: connection refused',
    );

    // A running operation's progress and stage update in place.
    const held = enqueue('test-hold', 'slow');
    await item(held).locator('summary', { hasText: 'Waiting · 10 %' }).waitFor();
    releases.get('slow')!();
    await item(held).and(page.locator('[data-status="completed"]')).waitFor();
    expect(errors).toEqual([]);
  });

  it('details show who asked, the steps, the result, and a failure with its suggested fixes', async () => {
    const ok = enqueue('test-steps', 'clock', 'reconciler');
    const bad = enqueue('test-fail', 'weather', 'webhook');
    await finished(ok);
    await finished(bad);
    await open();

    await item(bad).locator('summary').click();
    const details = item(bad).locator('mq-operation-details');
    expect(await details.locator('[data-fact="requested_by"]').innerText()).toBe('the registry webhook');
    const failure = details.locator('mq-error.failure');
    expect(await failure.locator('.message').innerText()).toBe('Plugin registry is unavailable: connection refused');
    expect(await failure.locator('.code').innerText()).toBe('REGISTRY_UNAVAILABLE');
    expect(await failure.locator('.fixes li').allInnerTexts()).toEqual([
      'Check the internet connection',
      'Try again later',
    ]);
    // The log: each stage in words with how long it took, and the lines it wrote.
    const log = details.locator('mq-operation-log');
    await log.locator('li[data-stage]').first().waitFor();
    expect(await log.locator('li[data-stage] .stage').allInnerTexts()).toEqual(['Starting', 'Download · Ended']);
    expect(await log.locator('li[data-stage="download"] .lines').innerText()).toBe(
      'Operation failed: Plugin registry is unavailable: connection refused',
    );
    for (const t of await log.locator('.took').allInnerTexts()) expect(t).toMatch(/^\d+\.\d s$/);
    expect(await log.locator('.total').innerText()).toMatch(/^In all: \d+\.\d s$/);
    expect(await details.locator('button', { hasText: 'Cancel' }).count()).toBe(0);

    // Keyboard: the summary is a control; Enter opens it.
    await item(ok).locator('summary').focus();
    await page.keyboard.press('Enter');
    const okDetails = item(ok).locator('mq-operation-details');
    expect(await okDetails.locator('[data-fact="requested_by"]').innerText()).toBe(
      'the reconciler, keeping plugins as configured',
    );
    await okDetails.locator('mq-operation-log li[data-stage="download"]').waitFor();
    expect(await okDetails.locator('mq-operation-log li[data-stage="download"] .lines').innerText()).toBe(
      'fetching the archive',
    );
    expect(await okDetails.locator('details.result pre').textContent()).toContain('"version": "1.2.0"');
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'history-details-360.png'), fullPage: true });
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('filters by plugin, kind and status', async () => {
    const ok = enqueue('test-steps', 'clock');
    const bad = enqueue('test-fail', 'weather');
    await finished(ok);
    await finished(bad);
    await open();
    const filters = view().locator('form.filters');
    const shown = () =>
      view()
        .locator('li[data-operation]')
        .evaluateAll((els) => els.map((e) => e.dataset.operation));

    await filters.locator('select[name="status"]').selectOption('failed');
    await filters.locator('button', { hasText: 'Filter' }).click();
    await expect.poll(shown).toEqual([bad]);
    await filters.locator('select[name="status"]').selectOption('');
    await filters.locator('select[name="plugin_id"]').selectOption('clock');
    await filters.locator('button', { hasText: 'Filter' }).click();
    await expect.poll(shown).toEqual([ok]);
    await filters.locator('select[name="plugin_id"]').selectOption('');
    await filters.locator('input[name="operation_type"]').fill('test-fail');
    await filters.locator('input[name="operation_type"]').press('Enter');
    await expect.poll(shown).toEqual([bad]);
    await filters.locator('input[name="operation_type"]').fill('nothing-like-this');
    await filters.locator('button', { hasText: 'Filter' }).click();
    await view().locator('.empty', { hasText: 'No operations match.' }).waitFor();
  });

  it('cancels a running operation from its details', async () => {
    await open();
    const held = enqueue('test-hold', 'hold-1');
    await item(held).and(page.locator('[data-status="running"]')).waitFor();
    await item(held).locator('summary').click();
    await item(held).locator('button', { hasText: 'Cancel operation' }).click();
    await item(held).and(page.locator('[data-status="cancelled"]')).waitFor();
    expect(queue().get(held)!.status).toBe('cancelled');
  });

  it('cancelling an operation that finished meanwhile shows the conflict and its fix', async () => {
    // Offline: the page does not hear that the operation finished, as after a dropped connection.
    await page.route('**/api/v3/events*', (route) => route.abort('connectionrefused'));
    try {
      const held = enqueue('test-hold', 'hold-2');
      await expect.poll(() => queue().get(held)!.status).toBe('running');
      await open();
      expect(await page.locator('mq-connection .pill').getAttribute('data-state')).not.toBe('open');
      await item(held).locator('summary').click();
      const cancel = item(held).locator('button', { hasText: 'Cancel operation' });
      await cancel.waitFor();
      releases.get('hold-2')!();
      expect((await finished(held)).status).toBe('completed');
      await cancel.click();
      const panel = item(held).locator('mq-error.cancel-error');
      await panel.waitFor();
      expect(await panel.locator('.message').innerText()).toBe(`Operation ${held} is already completed`);
      expect(await panel.locator('.code').innerText()).toBe('OPERATION_NOT_CANCELLABLE · HTTP 409');
      expect(await panel.locator('.fixes li').allInnerTexts()).toEqual([
        'Check the operation status; finished operations cannot be cancelled',
      ]);
    } finally {
      await page.unroute('**/api/v3/events*');
    }
  });

  it('clears finished operations after asking, keeping running ones', async () => {
    await finished(enqueue('test-steps', 'a'));
    await finished(enqueue('test-fail', 'b'));
    const held = enqueue('test-hold', 'hold-3');
    await expect.poll(() => queue().get(held)!.status).toBe('running');
    await open();
    await expect.poll(() => view().locator('li[data-operation]').count()).toBe(3);

    let prompt = nextDialog(false);
    await view().locator('button', { hasText: 'Clear finished' }).click();
    expect(await prompt).toBe(
      'Remove every finished operation (completed, failed or cancelled) from the history? Pending and running ones stay.',
    );
    expect(await view().locator('li[data-operation]').count()).toBe(3);

    prompt = nextDialog(true);
    await view().locator('button', { hasText: 'Clear finished' }).click();
    await prompt;
    await view().locator('[role="status"]', { hasText: '2 finished operations removed' }).waitFor();
    await expect.poll(() => view().locator('li[data-operation]').count()).toBe(1);
    expect(await item(held).count()).toBe(1);
    releases.get('hold-3')!();
    await finished(held);
  });

  it('shows older operations on request', async () => {
    const ids = Array.from({ length: 53 }, (_, i) => enqueue('test-steps', `p${i}`));
    for (const id of ids) await finished(id);
    await open();
    await expect.poll(() => view().locator('li[data-operation]').count()).toBe(50);
    await view().locator('button.older').click();
    await expect.poll(() => view().locator('li[data-operation]').count()).toBe(53);
    expect(await view().locator('button.older').count()).toBe(0);
  });
});
