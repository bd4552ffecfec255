/**
 * What signing in costs per request: `GET /api/v3/plugins/installed` (40 plugins on disk), one
 * request at a time, on a server with `MARQUEE_AUTH=off` and on one with `MARQUEE_AUTH=on` asked
 * with a session cookie and with an API token. The three are asked in turn, request by request, so
 * the machine's load weighs on each alike. Two processes differ by more than the credential check
 * costs (their JIT state, their display child), so the same comparison is also made in one
 * process: two applications over the same services, one with the check and one without, asked in
 * turn through `app.request`. Target: the median with a credential at most 0.1 ms above the median
 * without.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROUTES_DIR, startWebProcess } from '../../core/app/web.ts';
import { createApp } from '../../core/http/app.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import { SESSION_COOKIE } from '../../core/http/session-cookie.ts';
import { loadSettings } from '../../hono.config.ts';
import { writePluginFolder } from '../../test/support/zip.ts';
import { percentile, sleep, startServer, type RunningServer, type Row, type Scenario } from '../harness.ts';

const PLUGINS = 40;
const WARMUP = 300;
const ROUNDS = 3000;
const S = 'auth';

function pluginsFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-auth-'));
  for (let i = 0; i < PLUGINS; i++)
    writePluginFolder(root, { id: `plugin-${String(i).padStart(2, '0')}`, version: `1.${i}.0` });
  return root;
}

/** The pairing code's log line, waited for: the answer can arrive before the line is read. */
async function loggedCode(server: RunningServer): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const line = server.logs().find((l) => typeof l.pairing_code === 'string');
    if (line) return line;
    await sleep(50);
  }
  throw new Error('no pairing code in the log after 5 s');
}

async function send(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** Pairs as a browser does (the code read from the server's log), then makes a token with the session. */
async function credentials(server: RunningServer): Promise<{ cookie: string; token: string }> {
  await send(`${server.url}/api/v3/auth/pairing/show`, { method: 'POST' });
  const line = await loggedCode(server);
  const json = { 'content-type': 'application/json' };
  const paired = await send(`${server.url}/api/v3/auth/pair`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ code: line.pairing_code, device_name: 'bench' }),
  });
  const cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
  const made = await send(`${server.url}/api/v3/auth/tokens`, {
    method: 'POST',
    headers: { ...json, cookie },
    body: JSON.stringify({ name: 'bench' }),
  });
  const { data } = (await made.json()) as { data: { token: string } };
  return { cookie, token: data.token };
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return ms;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

interface Way {
  name: string;
  ask: () => Promise<number>;
}

/** Asks each way in turn, round by round; the median of each and of each above the first. */
async function compare(where: string, ways: Way[]): Promise<Row[]> {
  const ms = ways.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + ROUNDS; i++)
    for (const [w, way] of ways.entries()) {
      const t = await way.ask();
      if (i >= WARMUP) ms[w]!.push(t);
    }
  const p50 = ms.map((m) => percentile(m, 50));
  const rows: Row[] = ways.map((way, w) => ({
    scenario: S,
    metric: `${where}: GET /plugins/installed (${PLUGINS}) p50 @1, ${way.name}`,
    value: round(p50[w]!),
    unit: 'ms',
  }));
  for (let w = 1; w < ways.length; w++)
    rows.push({
      scenario: S,
      metric: `${where}: ${ways[w]!.name}, p50 above ${ways[0]!.name}`,
      value: round(p50[w]! - p50[0]!),
      unit: 'ms',
      target: '<= 0.1',
    });
  return rows;
}

/** Two servers, one without sign-in and one with, over loopback HTTP. */
async function overHttp(plugins: string): Promise<Row[]> {
  const env = { MARQUEE_PLUGINS_DIR: plugins, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_LOG_LEVEL: 'info' };
  const open = await startServer({ ...env, MARQUEE_AUTH: 'off' });
  const guarded = await startServer({ ...env, MARQUEE_AUTH: 'on' });
  try {
    const { cookie, token } = await credentials(guarded);
    const path = '/api/v3/plugins/installed';
    return await compare('HTTP', [
      { name: 'MARQUEE_AUTH=off', ask: () => timed(open.url + path, {}) },
      { name: 'session cookie', ask: () => timed(guarded.url + path, { cookie }) },
      { name: 'API token', ask: () => timed(guarded.url + path, { authorization: `Bearer ${token}` }) },
    ]);
  } finally {
    await open.stop();
    await guarded.stop();
  }
}

/** One web process (no display child), two applications over its services. */
async function inProcess(plugins: string): Promise<Row[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-auth-web-'));
  const settings = loadSettings(
    {},
    {
      auth: 'on',
      port: 0,
      host: '127.0.0.1',
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: plugins,
      logLevel: 'warn',
    },
  );
  const web = await startWebProcess({ settings, superviseDisplay: false });
  try {
    const table = await loadRouteTable([ROUTES_DIR]);
    const open = createApp({ ...web.deps, auth: { ...web.deps.auth, required: false } }, table);
    const guarded = createApp(web.deps, table);
    const { code } = web.deps.auth.newCode();
    const session = web.deps.auth.pair('bench', code, { name: 'bench', userAgent: null }).text;
    const token = web.deps.auth.createToken('bench').text;
    const url = 'http://localhost/api/v3/plugins/installed';
    const ask = (app: typeof open, headers: Record<string, string>) => async () => {
      const t0 = performance.now();
      const res = await app.request(url, { headers });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
      return ms;
    };
    return await compare('in process', [
      { name: 'no check', ask: ask(open, {}) },
      { name: 'session cookie', ask: ask(guarded, { cookie: `${SESSION_COOKIE}=${session}` }) },
      { name: 'API token', ask: ask(guarded, { authorization: `Bearer ${token}` }) },
    ]);
  } finally {
    await web.shutdown('bench done');
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export const scenario: Scenario = {
  name: 'auth',
  async run() {
    const plugins = pluginsFolder();
    try {
      const rows = [...(await overHttp(plugins)), ...(await inProcess(plugins))];
      rows.push({
        scenario: S,
        metric: 'machine load average (1 min) after the run',
        value: os.loadavg()[0]!,
        unit: '',
      });
      return rows;
    } finally {
      fs.rmSync(plugins, { recursive: true, force: true });
    }
  },
};
