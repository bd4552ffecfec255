import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openComponentPage, type TestBrowser } from './support/browser.ts';
import { INSTRUMENT_SCRIPT, type LeakCounts } from './support/instrument.ts';
import { libScript } from './support/lib-bundle.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// A view that leaves the page must close its stream subscriptions, timers and requests. Each page is
// mounted and removed 100 times; the counts of open EventSources, listeners on long-lived targets,
// timers and the event hub's subscriptions must come back to where they were.

const PAGES = ['overview', 'plugins', 'store', 'settings', 'history', 'health'] as const;
/** Every view that subscribes or loads on its own: the pages and the parts they mount only on demand. */
const VIEWS = [
  ...PAGES.map((p) => ({ tag: `mq-page-${p}`, props: {} })),
  {
    tag: 'mq-operation-details',
    props: {
      operation: {
        operation_id: '0b5a8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b',
        operation_type: 'install',
        plugin_id: 'clock',
        status: 'running',
        progress: 0.5,
        attempts: 1,
        max_attempts: 3,
        requested_by: 'api',
        created_at: new Date(0).toISOString(),
        error: null,
        result: null,
      },
    },
  },
];
const TIMES = 100;

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await browser.context.addInitScript(INSTRUMENT_SCRIPT);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const counts = (page: Page): Promise<LeakCounts> => page.evaluate(() => (window as any).__leaks());
/** Waits until no request of the page is in flight and none is about to start. */
const settled = (page: Page) =>
  page.waitForFunction(() => {
    const leaks = (window as any).__leaks();
    return leaks.fetches === 0 && leaks.soon === 0;
  });

/**
 * The event stream and the preview stream are pointed at the fixture stream, which stays open and
 * quiet, so the shell's own connections are steady and every difference is a view's.
 */
async function steadyStreams(page: Page) {
  for (const path of ['/api/v3/events', '/api/v3/stream/display'])
    await page.route(`**${path}`, (route) => route.continue({ url: `${server.url}/test/events` }));
}

describe('no leaks', () => {
  it(`each view mounted alone and removed ${TIMES} times leaves nothing behind`, async () => {
    const page = await openComponentPage(
      browser.context,
      server.url,
      server.web.deps.settings.uiDir,
      await libScript(),
    );
    await steadyStreams(page);
    await page.evaluate(() => {
      const w = window as any;
      const { createApi, createEventHub, provideServices } = w.mqlib;
      w.hub = createEventHub({ url: '/api/v3/events' });
      w.keepOpen = w.hub.watch(() => undefined);
      provideServices(document.getElementById('root'), { api: createApi(), events: w.hub, navigate: () => undefined });
    });
    await page.waitForFunction(() => (window as any).hub.status.state === 'open');
    const before = await counts(page);
    const hubBefore = await page.evaluate(() => (window as any).hub.size);

    for (const { tag, props } of VIEWS) {
      await page.evaluate(
        async ({ tag, props, times }) => {
          const root = document.getElementById('root')!;
          const idle = async () => {
            while ((window as any).__leaks().fetches > 0) await new Promise((r) => requestAnimationFrame(r));
          };
          for (let i = 0; i < times; i++) {
            const el = Object.assign(document.createElement(tag), props) as any;
            root.append(el);
            await el.updateComplete;
            // Every tenth time the view finishes loading first; the others leave mid-request.
            if (i % 10 === 0) await idle();
            el.remove();
          }
        },
        { tag, props, times: TIMES },
      );
      await settled(page);
      const after = await counts(page);
      expect({ view: tag, ...after }).toEqual({ view: tag, ...before });
      expect(await page.evaluate(() => (window as any).hub.size)).toBe(hubBefore);
    }
    await page.close();
  });

  it(`navigating the shell through every page ${TIMES} times leaves nothing behind`, async () => {
    const page = await browser.context.newPage();
    await steadyStreams(page);
    await page.goto(`${server.url}/#/overview`);
    await page.locator('mq-connection [data-state="open"]').waitFor();
    await settled(page);
    const before = await counts(page);
    const hubBefore = await page.evaluate(() => (document.querySelector('mq-app') as any).services.events.size);
    expect(before.eventSources).toBe(3); // the shell's event hub and mini preview, the overview's preview

    await page.evaluate(
      async ({ pages, times }) => {
        const app = document.querySelector('mq-app') as any;
        for (let i = 0; i < times; i++) {
          for (const name of [...pages.slice(1), pages[0]]) {
            const changed = new Promise((r) => window.addEventListener('hashchange', r, { once: true }));
            location.hash = `#/${name}`;
            await changed;
            await app.updateComplete;
          }
        }
      },
      { pages: [...PAGES], times: TIMES },
    );
    await settled(page);
    expect(await page.evaluate(() => location.hash)).toBe('#/overview');
    expect(await counts(page)).toEqual(before);
    expect(await page.evaluate(() => (document.querySelector('mq-app') as any).services.events.size)).toBe(hubBefore);
    await page.close();
  });
});
