/**
 * Sessions and API tokens: made, used, listed, revoked; kept hashed; found again after a restart;
 * their last use recorded at most once a minute, in one batch, never on every request.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USE_RECORD_MS } from '../../core/auth/credentials.ts';
import { useRecorder } from '../../core/auth/use-recorder.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { bearer, pairBrowser } from './helpers.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function signedOut(overrides: Record<string, unknown> = {}) {
  const deps = testDeps({ auth: 'on', ...overrides });
  const { app } = await testApp(deps);
  return { deps, app };
}

const rows = (deps: ReturnType<typeof testDeps>) =>
  deps.db.sqlite.prepare('SELECT * FROM auth_credentials ORDER BY created_at').all() as Array<Record<string, unknown>>;

describe('API tokens', () => {
  it('are shown once, kept as a hash, accepted as a bearer token and refused once revoked', async () => {
    const { deps, app } = await signedOut();
    const browser = await pairBrowser(app, deps);
    const made = await app.request('/api/v3/auth/tokens', {
      method: 'POST',
      headers: { cookie: browser.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '  Home Assistant ' }),
    });
    expect(made.status).toBe(201);
    const { token, info } = (await made.json()).data;
    expect(token).toMatch(/^mqt_[0-9a-f]{16}_[\w-]{43}$/);
    expect(info).toMatchObject({ name: 'Home Assistant', last_used_at: null });

    const stored = JSON.stringify(rows(deps));
    expect(stored).not.toContain(token.slice(21));
    const listed = await (await app.request('/api/v3/auth/tokens', { headers: { cookie: browser.cookie } })).text();
    expect(listed).not.toContain(token.slice(21));
    expect(JSON.parse(listed).data.tokens).toEqual([info]);

    const auth = { authorization: `Bearer ${token}` };
    expect((await app.request('/api/v3/plugins/installed', { headers: auth })).status).toBe(200);
    expect((await app.request(`/api/v3/auth/tokens/${info.id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    const after = await app.request('/api/v3/plugins/installed', { headers: auth });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer realm="Marquee"');
    expect((await after.json()).error_code).toBe('AUTH_REQUIRED');
  });

  it('refuses a token that is altered, of the wrong kind, or sent with a valid cookie beside it', async () => {
    const { deps, app } = await signedOut();
    const browser = await pairBrowser(app, deps);
    const token = deps.auth.createToken('script').text;
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const session = browser.cookie.slice('marquee_session='.length);
    for (const authorization of [`Bearer ${token.slice(0, -1)}${last}`, `Bearer ${session}`, `Basic ${token}`, token])
      expect(
        (await app.request('/api/v3/plugins/installed', { headers: { authorization, cookie: browser.cookie } })).status,
        authorization,
      ).toBe(401);
    expect(
      (await app.request('/api/v3/plugins/installed', { headers: { cookie: `marquee_session=${token}` } })).status,
    ).toBe(401);
  });

  it('are refused for a missing name, and revoking an unknown one is a 404 naming it', async () => {
    const { deps, app } = await signedOut();
    const auth = { ...bearer(deps), 'content-type': 'application/json' };
    const bad = await app.request('/api/v3/auth/tokens', { method: 'POST', headers: auth, body: '{"name":" "}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).context.problems[0]).toMatchObject({ field: 'name' });
    const gone = await app.request('/api/v3/auth/tokens/0123456789abcdef', { method: 'DELETE', headers: auth });
    expect(gone.status).toBe(404);
    expect((await gone.json()).error_code).toBe('CREDENTIAL_NOT_FOUND');
    const odd = await app.request('/api/v3/auth/tokens/..%2Fx', { method: 'DELETE', headers: auth });
    expect(odd.status).toBe(400);
    expect(deps.auth.list('token')).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('are listed with name, browser, pairing time, last use and which one is this browser; revoking one ends it', async () => {
    const { deps, app } = await signedOut();
    const laptop = await pairBrowser(app, deps, 'Laptop');
    deps.clock.advance(1_000);
    const phone = await pairBrowser(app, deps, 'Phone');
    await app.request('/api/v3/plugins/installed', { headers: { cookie: phone.cookie } });
    const list = (await (await app.request('/api/v3/auth/sessions', { headers: { cookie: laptop.cookie } })).json())
      .data.sessions;
    expect(list.map((s: { name: string; current: boolean }) => [s.name, s.current])).toEqual([
      ['Laptop', true],
      ['Phone', false],
    ]);
    expect(list[1].last_used_at).toBe(new Date(deps.clock.now()).toISOString());

    const phoneId = list[1].id;
    const revoked = await app.request(`/api/v3/auth/sessions/${phoneId}`, {
      method: 'DELETE',
      headers: { cookie: laptop.cookie },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('set-cookie')).toBeNull();
    expect((await app.request('/api/v3/plugins/installed', { headers: { cookie: phone.cookie } })).status).toBe(401);
    expect((await app.request('/api/v3/plugins/installed', { headers: { cookie: laptop.cookie } })).status).toBe(200);
  });

  it('sign out ends this browser’s session and clears its cookie', async () => {
    const { deps, app } = await signedOut();
    const browser = await pairBrowser(app, deps);
    const res = await app.request('/api/v3/auth/sign-out', { method: 'POST', headers: { cookie: browser.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBe('marquee_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect((await app.request('/api/v3/config/main', { headers: { cookie: browser.cookie } })).status).toBe(401);
    expect(deps.auth.list('session')).toEqual([]);
  });

  it('end the event stream opened with them when revoked', async () => {
    const { deps, app } = await signedOut();
    const browser = await pairBrowser(app, deps);
    const res = await app.request('/api/v3/events', { headers: { cookie: browser.cookie } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('event: ready')) seen += new TextDecoder().decode((await reader.read()).value);
    deps.auth.revoke('session', deps.auth.list('session')[0]!.id);
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});

describe('the record of use', () => {
  it('is kept in memory per request and written at most once a minute, in one batch, after the answer', async () => {
    const { deps, app } = await signedOut();
    const a = bearer(deps, 'a');
    deps.clock.advance(1);
    const b = bearer(deps, 'b');
    const changes = deps.db.sqlite.prepare<[], number>('SELECT total_changes() AS n').pluck();
    const lastUses = () => rows(deps).map((r) => r.last_used_at);

    await app.request('/api/v3/plugins/installed', { headers: a });
    await settle();
    expect(lastUses()).toEqual([deps.clock.now(), null]);
    const before = changes.get()!;
    for (let i = 0; i < 50; i++) {
      deps.clock.advance(100);
      expect((await app.request('/api/v3/plugins/installed', { headers: i % 2 ? a : b })).status).toBe(200);
    }
    await settle();
    expect(changes.get()).toBe(before);
    // In memory the list is exact.
    expect(deps.auth.list('token').map((t) => t.lastUsedAt)).toEqual([deps.clock.now(), deps.clock.now() - 100]);

    deps.clock.advance(USE_RECORD_MS);
    await app.request('/api/v3/plugins/installed', { headers: a });
    await settle();
    expect(changes.get()).toBe(before + 2);
    // b waited in the batch since its first use; it is written with its latest.
    expect(lastUses()).toEqual([deps.clock.now(), deps.clock.now() - USE_RECORD_MS - 100]);
  });

  it('is written by the recorder task when it waits in the batch and no request follows', async () => {
    const { deps, app } = await signedOut();
    const a = bearer(deps, 'a');
    const b = bearer(deps, 'b');
    await app.request('/api/v3/plugins/installed', { headers: a });
    await settle();
    deps.clock.advance(1_000);
    // Within the minute of a's record: b's first use waits in the batch.
    await app.request('/api/v3/plugins/installed', { headers: b });
    await settle();
    expect(rows(deps).map((r) => r.last_used_at)).toEqual([deps.clock.now() - 1_000, null]);
    const ac = new AbortController();
    const running = useRecorder(deps.auth, 5).run(ac.signal);
    await expect.poll(() => rows(deps)[1]!.last_used_at).toBe(deps.clock.now());
    ac.abort();
    await running;
  });

  it('is written at shutdown when pending, and sessions and tokens survive a restart', async () => {
    const first = await signedOut();
    const browser = await pairBrowser(first.app, first.deps);
    const token = first.deps.auth.createToken('script').text;
    first.deps.clock.advance(USE_RECORD_MS * 2);
    await first.app.request('/api/v3/plugins/installed', { headers: { authorization: `Bearer ${token}` } });
    first.deps.auth.close();
    const dirs = {
      dataDir: first.deps.settings.dataDir,
      configDir: first.deps.settings.configDir,
      pluginsDir: first.deps.settings.pluginsDir,
    };
    first.deps.db.close();

    const second = await signedOut(dirs);
    expect(path.dirname(second.deps.db.file)).toBe(dirs.dataDir);
    expect((await second.app.request('/api/v3/config/main', { headers: { cookie: browser.cookie } })).status).toBe(200);
    const tokens = second.deps.auth.list('token');
    expect(tokens.map((t) => [t.name, t.lastUsedAt])).toEqual([['script', first.deps.clock.now()]]);
    const res = await second.app.request('/api/v3/auth/tokens', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});
