import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile folder removed on close. One per test file. */
export async function launchBrowser(
  opts: { viewport?: { width: number; height: number }; hasTouch?: boolean } = {},
): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: on Debian, apt install chromium (.ci/run does)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    hasTouch: opts.hasTouch ?? false,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Errors the page reported (uncaught exceptions, console errors, CSP violations), for tests to assert none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Opens `hash` as a page element of its own that loads afresh (going there from itself would keep
 * the element and what it shows). The overview is waited for in between, so a page that refused
 * to be left (unsaved edits) fails here rather than later on the values it still shows.
 */
export async function openFresh(page: Page, baseUrl: string, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/#/overview`);
  await page.locator('mq-page-overview').waitFor({ state: 'attached' });
  await page.goto(`${baseUrl}/${hash}`);
}

/** The element that has focus, looking through shadow roots: `tag#id` or `tag[text]`. */
export async function focusedElement(page: Page): Promise<{ tag: string; text: string; id: string; href: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.localName ?? '',
      text: (el?.textContent ?? '').trim(),
      id: el?.id ?? '',
      href: el?.getAttribute('href') ?? '',
    };
  });
}

/** The script and style sheet of the built UI, as index.html names them. */
export function bundleAssets(uiDir: string): { js: string; css: string } {
  const html = fs.readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  const js = /src="([^"]+\.js)"/.exec(html)?.[1];
  const css = /href="([^"]+\.css)"/.exec(html)?.[1];
  if (!js || !css) throw new Error('dist/ui/index.html names no script or style sheet');
  return { js: `/${js}`, css: `/${css}` };
}

/**
 * Opens a bare page on the server's origin (answered by the test, so it may carry inline scripts)
 * that loads the real UI bundle: components can be mounted alone, talking to the real server.
 */
export async function openComponentPage(context: BrowserContext, baseUrl: string, uiDir: string, inline = '') {
  const { js, css } = bundleAssets(uiDir);
  const page = await context.newPage();
  const url = `${baseUrl}/__test__/component`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>${inline ? `<script>${inline}</script>` : ''}
</head><body><main id="root"></main></body></html>`,
    }),
  );
  await page.goto(url);
  await page.waitForFunction(() => !!customElements.get('mq-schema-form'));
  return page;
}
