/**
 * The credential check on every route of the table: each one not declared public refuses a request
 * without a session or token (401, before its input is read, nothing changed), from loopback as
 * from anywhere; the public ones are exactly the list below. A valid session does not let another
 * site's page in, and with MARQUEE_AUTH=off nothing asks for one.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES_DIR } from '../../core/app/web.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import { setup } from '../config/helpers.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { bearer, pairBrowser } from './helpers.ts';

/** Every route answered without signing in, and why. Adding one is a decision this list records. */
const PUBLIC = [
  'GET /', // the page: it holds no data, and shows the pairing screen
  'GET /assets/:file', // its scripts and styles
  'GET /api/v3/health', // status and time only, unless signed in
  'GET /api/v3/openapi.json', // the API's description
  'GET /api/v3/auth/status', // whether to show the pairing screen
  'POST /api/v3/auth/pairing/show', // a code on the panel, never in the answer
  'POST /api/v3/auth/pair', // trades that code for a session
  'POST /api/v3/webhooks/registry', // checks its own signature
];

const fill = (path: string) => path.replace(/:\w+/g, '0123456789abcdef');

async function routes() {
  const table = await loadRouteTable([ROUTES_DIR]);
  return table.routes.flatMap((r) =>
    Object.entries(r.methods).map(([method, def]) => ({ method, path: r.path, public: !!def!.public })),
  );
}

describe('with MARQUEE_AUTH=on', () => {
  it('declares public exactly the routes a browser needs to sign in and those that carry no setting', async () => {
    const all = await routes();
    expect(
      all
        .filter((r) => r.public)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  it('refuses every other route without credentials, before reading its input, changing nothing', async () => {
    const s = await setup({ auth: 'on' });
    const before = s.snapshot();
    const guarded = (await routes()).filter((r) => !r.public);
    expect(guarded.length).toBeGreaterThan(50);
    const refusals: string[] = [];
    for (const r of guarded) {
      const init: RequestInit = { method: r.method, headers: { 'content-type': 'application/json' } };
      // A body that would change something, were it read.
      if (r.method !== 'GET') init.body = JSON.stringify({ plugin_id: 'weather', enabled: true, code: '00000000' });
      const res = await s.app.request(`${fill(r.path)}?plugin_id=weather`, init);
      const body = await res.json();
      if (res.status !== 401 || body.error_code !== 'AUTH_REQUIRED')
        refusals.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(refusals).toEqual([]);
    expect(s.snapshot()).toEqual(before);
    expect(s.deps.queue.history({ limit: 10 })).toEqual([]);
    expect(s.deps.auth.list('session')).toEqual([]);
  });

  it('refuses a valid session when the change comes from another site’s page', async () => {
    const s = await setup({ auth: 'on' });
    const browser = await pairBrowser(s.app, s.deps);
    const before = s.snapshot();
    const res = await s.app.request('/api/v3/config/main', {
      method: 'POST',
      headers: {
        cookie: browser.cookie,
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ display: { hardware: { brightness: 10 } } }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error_code).toBe('CROSS_SITE_REQUEST');
    expect(s.snapshot()).toEqual(before);
  });

  it('accepts a change from its own page with the session, and from a script with a token', async () => {
    const s = await setup({ auth: 'on' });
    const browser = await pairBrowser(s.app, s.deps);
    const own = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    const save = (headers: Record<string, string>, brightness: number) =>
      s.app.request('/api/v3/config/main', {
        method: 'POST',
        headers,
        body: JSON.stringify({ display: { hardware: { brightness } } }),
      });
    expect((await save({ ...own, cookie: browser.cookie }, 40)).status).toBe(200);
    expect(s.readMain().display.hardware.brightness).toBe(40);
    expect((await save({ ...bearer(s.deps), 'content-type': 'application/json' }, 30)).status).toBe(200);
    expect(s.readMain().display.hardware.brightness).toBe(30);
  });

  it('says only status and time in health without credentials, everything with them', async () => {
    const s = await setup({ auth: 'on' });
    const open = (await (await s.app.request('/api/v3/health')).json()).data;
    expect(Object.keys(open).sort()).toEqual(['status', 'timestamp']);
    const full = (await (await s.app.request('/api/v3/health', { headers: bearer(s.deps) })).json()).data;
    expect(full).toHaveProperty('checks');
    expect(full).toHaveProperty('version');
  });
});

describe('with MARQUEE_AUTH=off', () => {
  it('asks nothing of anyone, as before sign-in existed', async () => {
    const deps = testDeps();
    expect(deps.settings.auth).toBe('off');
    expect(deps.settings.host).toBe('127.0.0.1');
    const { app } = await testApp(deps);
    expect((await app.request('/api/v3/config/main')).status).toBe(200);
    expect((await app.request('/api/v3/auth/sessions')).status).toBe(200);
    const health = (await (await app.request('/api/v3/health')).json()).data;
    expect(health).toHaveProperty('checks');
    const status = (await (await app.request('/api/v3/auth/status')).json()).data;
    expect(status).toMatchObject({ required: false, signed_in: false });
  });
});
