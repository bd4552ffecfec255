import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openComponentPage, type TestBrowser } from './support/browser.ts';
import { libScript } from './support/lib-bundle.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The API client and the event hub, running in Chromium against the real server on loopback.

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await openComponentPage(browser.context, server.url, server.web.deps.settings.uiDir, await libScript());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function control(action: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/test/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action, ...extra }),
  });
  return (await res.json()).data as { open: number; connections: number; resumed_from: Array<string | null> };
}

/** Calls the API client in the page and returns what it resolved or threw, as plain data. */
function callApi(page: Page, script: string) {
  return page.evaluate(async (body) => {
    const { createApi } = (window as any).mqlib;
    const api = createApi();
    try {
      const r = await new Function('api', `return (async () => { ${body} })()`)(api);
      return { ok: true, value: r };
    } catch (e: any) {
      return {
        ok: false,
        name: e.name,
        code: e.code,
        status: e.status,
        message: e.message,
        context: e.context,
        fixes: e.fixes,
        problems: e.problems,
        requestId: e.requestId,
        details: e.toDetails?.(),
      };
    }
  }, script);
}

describe('API client', () => {
  it('unwraps a success envelope', async () => {
    const r = await callApi(page, `const res = await api.get('/api/v3/system/version'); return res.data;`);
    expect(r).toMatchObject({ ok: true, value: { version: '0.1.0' } });
  });

  it('turns an error envelope into an ApiError with code, message, context and suggested fixes', async () => {
    const r = await callApi(page, `await api.get('/test/echo', { query: { kind: 'app' } });`);
    expect(r).toMatchObject({ ok: false, name: 'ApiError', code: 'NETWORK_ERROR', status: 502 });
    expect(r.fixes).toEqual(['Check the internet connection']);
    expect(r.context).toHaveProperty('url');
    // A prefix drawn once per process and a counter (core/http/middleware/request-context.ts).
    expect(r.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    // The query is left out of the copied details: it may carry a token.
    expect(JSON.parse(r.details!)).toMatchObject({ error_code: 'NETWORK_ERROR', request: 'GET /test/echo' });
  });

  it('lists field problems of a validation error', async () => {
    const r = await callApi(page, `await api.post('/test/echo', { plugin_id: 'Bad Id', settings: { count: 0 } });`);
    expect(r.code).toBe('VALIDATION_ERROR');
    expect(r.problems.map((p: { field: string }) => p.field)).toEqual(['plugin_id', 'settings.count']);
  });

  it('reports an unreachable server as NETWORK_ERROR with fixes', async () => {
    const r = await page.evaluate(async () => {
      const api = (window as any).mqlib.createApi('http://127.0.0.1:9');
      return api.get('/api/v3/health').catch((e: any) => ({ code: e.code, status: e.status, fixes: e.fixes }));
    });
    expect(r).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(r.fixes).toContain('Check that Marquee is running');
  });

  it('gives up after its timeout with TIMEOUT', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v3/system/version', async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    const r = await callApi(page, `await api.get('/api/v3/system/version', { timeoutMs: 150 });`);
    release();
    await page.unroute('**/api/v3/system/version');
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT', message: 'Marquee did not answer within 0.15 s' });
  });

  it("rethrows the caller's own abort as an AbortError (views ignore it)", async () => {
    const r = await page.evaluate(async () => {
      const { createApi, isAbort } = (window as any).mqlib;
      const ctrl = new AbortController();
      const p = createApi().get('/api/v3/health', { signal: ctrl.signal });
      ctrl.abort();
      return p.then(
        () => 'resolved',
        (e: unknown) => (isAbort(e) ? 'abort' : String(e)),
      );
    });
    expect(r).toBe('abort');
  });

  it('reports an answer that is not the envelope (a proxy error page) as UNEXPECTED_RESPONSE', async () => {
    await page.route('**/api/v3/system/version', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }),
    );
    const r = await callApi(page, `await api.get('/api/v3/system/version');`);
    await page.unroute('**/api/v3/system/version');
    expect(r).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502 });
  });
});

describe('event hub', () => {
  beforeEach(async () => {
    await control('reset');
  });

  it('opens with the first subscriber, delivers typed JSON events with their ids, and reports the state', async () => {
    await page.evaluate(() => {
      const w = window as any;
      w.hub = w.mqlib.createEventHub({ url: '/test/events' });
      w.states = [];
      w.received = [];
      w.stopWatch = w.hub.watch((s: { state: string }) => w.states.push(s.state));
      w.unsub = w.hub.subscribe('operation.progress', (e: unknown) => w.received.push(e));
    });
    await page.waitForFunction(() => (window as any).hub.status.state === 'open');
    await control('publish', { type: 'operation.progress', data: { operation_id: 'op-1', progress: 0.5 } });
    await control('publish', { type: 'other.kind', data: { ignored: true } });
    await page.waitForFunction(() => (window as any).received.length === 1);
    expect(await page.evaluate(() => (window as any).received)).toEqual([
      { type: 'operation.progress', id: '1', data: { operation_id: 'op-1', progress: 0.5 } },
    ]);
    expect(await page.evaluate(() => (window as any).states)).toEqual(['closed', 'open']);

    // The connection drops; an event published meanwhile still arrives, resumed from the last id.
    await control('drop');
    await control('publish', { type: 'operation.progress', data: { operation_id: 'op-1', progress: 1 } });
    await page.waitForFunction(() => (window as any).received.length === 2);
    const stats = await control('stats');
    // The browser tracks the id of every event on the stream, also of types nobody listens to.
    expect(stats.resumed_from).toEqual([null, '2']);
    expect(await page.evaluate(() => (window as any).received[1].id)).toBe('3');
    await page.waitForFunction(() => (window as any).hub.status.state === 'open');
    expect(await page.evaluate(() => (window as any).states)).toEqual(['closed', 'open', 'reconnecting', 'open']);
    expect(await page.evaluate(() => (window as any).hub.lastEventId)).toBe('3');

    // The last one to leave closes the stream: the server sees no open connection.
    await page.evaluate(() => {
      (window as any).unsub();
      (window as any).stopWatch();
    });
    expect(await page.evaluate(() => (window as any).hub.size)).toBe(0);
    await expect.poll(async () => (await control('stats')).open).toBe(0);
  });

  it('keeps one stream for many subscribers and stays open until the last unsubscribes', async () => {
    await page.evaluate(() => {
      const w = window as any;
      w.hub2 = w.mqlib.createEventHub({ url: '/test/events' });
      w.got = { a: 0, b: 0 };
      w.stops = [
        w.hub2.subscribe('x', () => w.got.a++),
        w.hub2.subscribe('x', () => w.got.b++),
        w.hub2.subscribe('y', () => undefined),
      ];
    });
    await page.waitForFunction(() => (window as any).hub2.status.state === 'open');
    await control('publish', { type: 'x', data: 1 });
    await page.waitForFunction(() => (window as any).got.b === 1);
    expect((await control('stats')).connections).toBe(1);
    await page.evaluate(() => (window as any).stops[0]());
    await control('publish', { type: 'x', data: 2 });
    await page.waitForFunction(() => (window as any).got.b === 2);
    expect(await page.evaluate(() => (window as any).got.a)).toBe(1);
    await page.evaluate(() => (window as any).stops.slice(1).forEach((s: () => void) => s()));
    await expect.poll(async () => (await control('stats')).open).toBe(0);
    expect(await page.evaluate(() => (window as any).hub2.status.state)).toBe('closed');
  });

  it('retries a stream the server refuses with backoff, reports it unavailable, and stops retrying when released', async () => {
    const attempts: number[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().endsWith('/test/no-stream')) attempts.push(Date.now());
    };
    page.on('request', onRequest);
    await page.evaluate(() => {
      const w = window as any;
      w.hub3 = w.mqlib.createEventHub({
        url: '/test/no-stream',
        backoff: { baseMs: 50, factor: 2, capMs: 200, jitter: 0 },
      });
      w.stop3 = w.hub3.watch(() => undefined);
    });
    await page.waitForFunction(() => (window as any).hub3.status.failures >= 3);
    const status = await page.evaluate(() => (window as any).hub3.status);
    expect(status.state).toBe('unavailable');
    expect(status.retryAt).toBeGreaterThan(0);
    await page.evaluate(() => (window as any).stop3());
    const count = attempts.length;
    expect(count).toBeGreaterThanOrEqual(3);
    // Released: no attempt follows, however long we wait for the (capped, 200 ms) next one.
    await page.waitForTimeout(500);
    expect(attempts.length).toBe(count);
    page.off('request', onRequest);
  });
});

describe('live preview', () => {
  it('draws the frames of a display stream at the panel size, pixel for pixel', async () => {
    await page.evaluate(() => {
      const el = document.createElement('mq-preview');
      el.setAttribute('src', '/test/frames');
      el.id = 'preview';
      document.getElementById('root')!.append(el);
    });
    await page.waitForFunction(() => {
      const canvas = document.getElementById('preview')?.shadowRoot?.querySelector('canvas');
      return canvas?.width === 2 && canvas.getContext('2d')!.getImageData(1, 0, 1, 1).data[1] === 255;
    });
    const pixels = await page.evaluate(() => {
      const canvas = document.getElementById('preview')!.shadowRoot!.querySelector('canvas')!;
      return Array.from(canvas.getContext('2d')!.getImageData(0, 0, 2, 1).data);
    });
    expect(pixels).toEqual([255, 0, 0, 255, 0, 255, 0, 255]);
    await page.evaluate(() => document.getElementById('preview')!.remove());
  });
});
