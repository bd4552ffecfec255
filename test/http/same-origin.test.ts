/**
 * Other web pages cannot change anything: every state-changing route refuses a browser request
 * from another origin (403) before it runs, and every route refuses a Host that is not one of this
 * device's names (421, DNS rebinding). Marquee's own pages and non-browser clients are unaffected.
 */
import os from 'node:os';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROUTES_DIR } from '../../core/app/web.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { files, setup } from '../config/helpers.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { writePluginFolder } from '../support/zip.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
beforeEach(() => upstream.use(http.all(/^https:\/\//, () => new HttpResponse(null, { status: 404 }))));

const EVIL = 'http://evil.example';
/** The origin of `app.request()`'s requests (`http://localhost/...`). */
const OWN = 'http://localhost';
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const fill = (path: string) => path.replace(/:\w+/g, 'weather');

async function changingRoutes() {
  const table = await loadRouteTable([ROUTES_DIR]);
  return table.routes.flatMap((r) =>
    Object.keys(r.methods)
      .filter((m) => CHANGES.has(m))
      .map((method) => ({ method, path: fill(r.path) })),
  );
}

const QUERY = '?plugin_id=weather&enabled=true';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** Cross-site requests as a page on another site can send them. */
const crossSite = (method: string): Array<[string, RequestInit]> => [
  [
    'a form',
    {
      method,
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', ...FORM },
      body: 'plugin_id=weather&enabled=true',
    },
  ],
  ['a query-only request with no body', { method, headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } }],
  [
    'JSON (after a preflight it would fail)',
    { method, headers: { origin: EVIL, ...JSON_TYPE }, body: '{"plugin_id":"weather","enabled":true}' },
  ],
  ['Sec-Fetch-Site alone', { method, headers: { 'sec-fetch-site': 'cross-site', ...FORM }, body: 'enabled=true' }],
  ['a sibling site', { method, headers: { origin: 'http://localhost:8080', 'sec-fetch-site': 'same-site' } }],
  ['an opaque origin (sandboxed frame, file://)', { method, headers: { origin: 'null' } }],
];

describe('a change sent by another site', () => {
  it('is refused with 403 CROSS_SITE_REQUEST on every state-changing route, and nothing runs', async () => {
    const s = await setup();
    const before = s.snapshot();
    const routes = await changingRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const { method, path } of routes)
      for (const [what, init] of crossSite(method)) {
        const res = await s.app.request(path + QUERY, init);
        expect(res.status, `${what}: ${method} ${path}`).toBe(403);
        const body = await res.json();
        expect(body.error_code).toBe('CROSS_SITE_REQUEST');
        expect(body.message).toMatch(/accepts changes only from its own pages/);
      }
    expect(s.snapshot()).toEqual(before);
    expect(s.deps.queue.history({ limit: 10 })).toEqual([]);
  });

  it('is accepted from Marquee’s own pages: a form and a query-only toggle, as LEDMatrix sends them', async () => {
    const deps = testDeps({}, { lifecycleExecutors: true });
    writePluginFolder(deps.settings.pluginsDir, { id: 'clock' });
    await discoverPlugins(deps, { enabledOf: () => false });
    deps.tasks.startAll();
    const { app } = await testApp(deps);
    const { readMain } = files(deps);
    const own = { origin: OWN, 'sec-fetch-site': 'same-origin' };
    const toggled = await app.request('/api/v3/plugins/toggle?plugin_id=clock&enabled=true', {
      method: 'POST',
      headers: own,
    });
    expect(toggled.status).toBe(200);
    expect(readMain().clock.enabled).toBe(true);
    const saved = await app.request('/api/v3/config/main', {
      method: 'POST',
      headers: { ...own, ...FORM },
      body: 'display.hardware.brightness=42',
    });
    expect(saved.status).toBe(200);
    expect(readMain().display.hardware.brightness).toBe(42);
    const plugin = await app.request('/api/v3/plugins/config?plugin_id=clock', {
      method: 'POST',
      headers: { ...own, ...FORM },
      body: 'color=red',
    });
    expect(plugin.status).toBe(200);
    expect(readMain().clock).toMatchObject({ enabled: true, color: 'red' });
  });

  it('passes the check on every route from the own origin, from a typed URL (Sec-Fetch-Site: none) and without browser headers', async () => {
    const s = await setup();
    for (const { method, path } of await changingRoutes())
      for (const headers of [
        { origin: OWN, 'sec-fetch-site': 'same-origin' },
        { 'sec-fetch-site': 'none' },
        {},
      ] as Record<string, string>[]) {
        const res = await s.app.request(path, { method, headers: { ...headers, ...JSON_TYPE }, body: '{}' });
        expect([403, 421], `${method} ${path} with ${JSON.stringify(headers)}`).not.toContain(res.status);
      }
  });
});

describe('a request addressed to a name this device does not answer to', () => {
  it('is refused with 421 on every route and method, reads included (DNS rebinding)', async () => {
    const s = await setup();
    const table = await loadRouteTable([ROUTES_DIR]);
    const before = s.snapshot();
    for (const route of table.routes)
      for (const method of Object.keys(route.methods)) {
        // A rebinding page is same-origin as far as the browser knows: Origin matches Host.
        const headers = {
          host: 'evil.example:5000',
          origin: 'http://evil.example:5000',
          'sec-fetch-site': 'same-origin',
        };
        const res = await s.app.request(fill(route.path), { method, headers });
        expect(res.status, `${method} ${route.path}`).toBe(421);
        const body = await res.json();
        expect(body.error_code).toBe('MISDIRECTED_REQUEST');
        expect(body.message).toContain('"evil.example:5000"');
        expect(body.message).toContain('MARQUEE_ALLOWED_HOSTS');
      }
    expect(s.snapshot()).toEqual(before);
  });

  it('is answered for every name the device has: addresses, localhost, its host name, <hostname>.local, and MARQUEE_ALLOWED_HOSTS', async () => {
    const s = await setup({ allowedHosts: ['marquee.example.net'] });
    const addresses = Object.values(os.networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((i) => (i.family === 'IPv6' ? `[${i.address}]` : i.address));
    const names = [
      'localhost',
      'LOCALHOST:5000',
      '127.0.0.1:5000',
      '[::1]:5000',
      `${os.hostname()}:5000`,
      `${os.hostname()}.local`,
      `${os.hostname()}.local.:80`,
      'marquee.example.net',
      'Marquee.Example.Net:443',
      ...addresses.map((a) => `${a}:5000`),
    ];
    for (const host of names) {
      const res = await s.app.request('/api/v3/health', { headers: { host } });
      expect(res.status, host).toBe(200);
    }
  });
});
