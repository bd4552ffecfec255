import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { collectPageErrors, focusedElement, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The shell served by the real server at `/`, in Chromium: layout at phone width, keyboard use,
// the Health page's real data, and how each page shows a failed first request.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const PAGES = ['overview', 'plugins', 'store', 'settings', 'history', 'health'] as const;
/**
 * Pages, the first request of a view each shows, and where that view is ('': the page's own view);
 * the browser answers the request with an error envelope (a registry outage).
 */
const DATA_PAGES = [
  ['overview', '/api/v3/health', '[data-section="health"]'],
  ['plugins', '/api/v3/plugins/installed', ''],
  ['store', '/api/v3/plugins/store/list', ''],
  ['settings', '/api/v3/config/main', ''],
  ['history', '/api/v3/plugins/operation/history', ''],
  ['health', '/api/v3/health', ''],
] as const;

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a page of the shell and waits until its first view has settled (done, empty or error). */
async function open(name: string) {
  await page.goto(`${server.url}/#/${name}`);
  await page.locator(`mq-page-${name} .resource:not([data-state="loading"])`).first().waitFor();
}

/** Errors other than expected 404s (a plugin that is not installed). */
const unexpectedErrors = () => errors.filter((e) => !/status of 404/.test(e));

/** A real error envelope, as the server sends it when the registry cannot be reached. */
const UNAVAILABLE = {
  status: 'error',
  error_code: 'REGISTRY_UNAVAILABLE',
  error_category: 'network',
  message: 'Plugin registry is unavailable',
  context: { source: 'builtin' },
  suggested_fixes: ['Check the internet connection', 'Try again later'],
};

describe('the shell', () => {
  it('loads without script errors or Content-Security-Policy violations', async () => {
    await open('overview');
    await page.locator('mq-connection [data-state="open"]').waitFor();
    expect(unexpectedErrors()).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(await page.title()).toBe('Overview · Marquee');
  });

  it('shows that live updates are unavailable while the event stream is refused', async () => {
    await page.goto('about:blank');
    await page.route('**/api/v3/events*', (route) => route.fulfill({ status: 503, body: '' }));
    await page.route('**/api/v3/stream/display*', (route) => route.fulfill({ status: 503, body: '' }));
    await open('overview');
    const pill = page.locator('mq-connection .pill');
    await expect.poll(() => pill.getAttribute('data-state')).toBe('unavailable');
    expect(await pill.innerText()).toContain('Offline');
    expect(await pill.getAttribute('title')).toBe('Live updates unavailable; retrying');
    expect(await page.locator('mq-app mq-preview.mini .note').innerText()).toBe('Preview unavailable');
    await page.unrouteAll();
  });

  it.each(PAGES)('%s fits a 360 px wide phone screen without sideways scrolling', async (name) => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await open(name);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-360.png`), fullPage: true });
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      // The navigation stays on screen: every link is within the viewport's width.
      const boxes = await page.locator('mq-nav a').evaluateAll((as) => as.map((a) => a.getBoundingClientRect().right));
      expect(Math.max(...boxes)).toBeLessThanOrEqual(360);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('lays out the navigation as a sidebar beside the page on a desktop screen', async () => {
    await open('health');
    const nav = await page.locator('mq-nav').boundingBox();
    const main = await page.locator('mq-app main').boundingBox();
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(main!.x);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'health-1280.png'), fullPage: true });
  });
});

describe('keyboard', () => {
  it('skip link, tab order, arrow keys through the navigation, Enter to follow, focus lands on the page', async () => {
    await page.goto('about:blank');
    await open('overview');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toMatchObject({ tag: 'main' });
    expect(new URL(page.url()).hash).toBe('#/overview');

    // From a fresh load, Tab walks the shell in reading order.
    await page.goto('about:blank');
    await open('overview');
    const order: string[] = [];
    for (let i = 0; i < 11; i++) {
      await page.keyboard.press('Tab');
      // An icon button's name is its icon's label.
      order.push(
        await page.evaluate(() => {
          let el: Element | null = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return (el?.textContent ?? '').trim() || el?.querySelector('svg')?.getAttribute('aria-label') || '';
        }),
      );
    }
    expect(order).toEqual([
      'Skip to content',
      'Marquee',
      'Dark theme',
      'Light theme',
      'Follow system theme',
      'Overview',
      'Plugins',
      'Store',
      'Settings',
      'History',
      'Health',
    ]);

    // Visible focus: the focused link draws an outline.
    const outline = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const s = getComputedStyle(el!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);

    await page.keyboard.press('Home');
    expect((await focusedElement(page)).text).toBe('Overview');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect((await focusedElement(page)).text).toBe('Store');
    await page.keyboard.press('ArrowUp');
    expect((await focusedElement(page)).text).toBe('Plugins');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    expect((await focusedElement(page)).text).toBe('Backup');
    for (const _ of ['System', 'Logs', 'Health']) await page.keyboard.press('ArrowUp');
    expect((await focusedElement(page)).text).toBe('Health');
    await page.keyboard.press('Enter');
    await page.locator('mq-page-health [data-testid="verdict"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/health');
    expect(await focusedElement(page)).toMatchObject({ tag: 'main' });
    expect(await page.locator('mq-nav a[aria-current="page"]').innerText()).toBe('Health');

    // From the page region, Tab goes into the page's own controls.
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', text: 'Check again' });
  });
});

describe('Health page', () => {
  it("shows the server's real checks and background tasks", async () => {
    await open('health');
    const api = (await (await fetch(`${server.url}/api/v3/health`)).json()).data;
    const view = page.locator('mq-page-health');
    // First the answer in words: no display process runs under this test server.
    expect(api.status).toBe('degraded');
    expect(await view.locator('[data-testid="verdict"]').innerText()).toBe('One thing needs your attention');
    expect(await view.locator('.findings li .title').first().innerText()).toBe('The display is not running');
    // The checks themselves are technical details, folded away until opened.
    await view.locator('details.tech summary').click();
    expect(await view.locator('[data-testid="overall"]').innerText()).toBe(api.status);
    for (const [name, check] of Object.entries(api.checks) as Array<[string, { status: string; detail: string }]>) {
      const row = view.locator(`[data-check="${name}"]`);
      expect(await row.locator('.badge').innerText()).toBe(check.status);
      expect(await row.locator('.detail').innerText()).toBe(check.detail);
    }
    expect(await view.locator('[data-check="display"] .detail').innerText()).toBe('has not started');
    const heartbeat = view.locator('tr[data-task="heartbeat"]');
    expect(await heartbeat.locator('.badge').innerText()).toBe('running');
    expect(await view.locator('[data-section="tasks"] tbody tr').count()).toBe(api.checks.tasks.tasks.length);
  });

  it('asks the server again on Refresh', async () => {
    await open('health');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v3/health')),
      page.locator('mq-page-health button', { hasText: 'Check again' }).click(),
    ]);
    expect(response.status()).toBe(200);
  });
});

describe('pages whose request fails', () => {
  it.each(DATA_PAGES)(
    '%s shows loading, then the error envelope with its fixes, and Try again asks again and shows the answer',
    async (name, endpoint, within) => {
      // A page of its own, whose timers the test holds; its first request must be held too.
      const page = await browser.context.newPage();
      onTestFinished(() => page.close());
      await page.clock.install();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const pattern = `**${endpoint}*`;
      // Fails until the test says otherwise: a reload the page makes on its own meanwhile (the
      // event stream opening late on a loaded machine) gets the same answer, so the error stays.
      let failing = true;
      await page.route(pattern, async (route) => {
        await held;
        if (!failing) return route.continue();
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(UNAVAILABLE) });
      });
      await page.goto(`${server.url}/#/${name}`);
      const view = page.locator(`mq-page-${name} ${within}`.trim());
      // The page's own view comes first; parts it holds (the backups list) may be loading too.
      await view.locator('[data-state="loading"] .loading').first().waitFor();
      expect(await view.locator('[data-state="loading"]').first().getAttribute('aria-busy')).toBe('true');
      release();
      await view.locator('[data-state="error"]').waitFor();
      // The page's timers stop here: no periodic refresh can ask again, only the button.
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 200));
      const panel = view.locator('mq-error');
      expect(await panel.locator('.message').innerText()).toBe('Plugin registry is unavailable');
      expect(await panel.locator('.code').innerText()).toBe('REGISTRY_UNAVAILABLE · HTTP 503');
      expect(await panel.locator('.context').innerText()).toContain('builtin');
      expect(await panel.locator('.fixes li').allInnerTexts()).toEqual(UNAVAILABLE.suggested_fixes);

      failing = false;
      const again = page.waitForResponse((r) => r.url().includes(endpoint));
      await panel.locator('button', { hasText: 'Try again' }).click();
      expect((await again).status()).toBe(200);
      // The view the request feeds comes first: it now shows the server's real answer.
      await expect.poll(() => view.locator('.resource').first().getAttribute('data-state')).toMatch(/^(done|empty)$/);
      expect(await view.locator('[data-state="error"]').count()).toBe(0);
    },
  );

  it('copies the error details for a report', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.route('**/api/v3/plugins/store/list*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(UNAVAILABLE) }),
    );
    await open('store');
    const panel = page.locator('mq-page-store mq-error');
    await panel.locator('button', { hasText: 'Copy details' }).click();
    await panel.locator('[role="status"]', { hasText: 'Copied' }).waitFor();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toMatchObject({
      error_code: 'REGISTRY_UNAVAILABLE',
      http_status: 503,
      request: 'GET /api/v3/plugins/store/list',
      suggested_fixes: UNAVAILABLE.suggested_fixes,
    });
  });

  it('plugin settings for a plugin that is not installed shows the 404, not an empty form', async () => {
    await page.goto(`${server.url}/#/plugins/clock`);
    const view = page.locator('mq-page-plugin-settings');
    await view.locator('[data-state="error"]').waitFor();
    expect(await view.locator('h1').innerText()).toBe('Clock settings');
    expect(await view.locator('mq-error .code').innerText()).toContain('HTTP 404');
    expect(await view.locator('mq-schema-form').count()).toBe(0);
  });
});
