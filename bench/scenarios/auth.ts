/**
 * What signing in costs per request: `GET /api/v3/plugins/installed` (40 plugins on disk), one
 * request at a time, on a server with `MARQUEE_AUTH=off` and on one with `MARQUEE_AUTH=on` asked
 * with a session cookie and with an API token. The three are asked in turn, request by request, so
 * the machine's load weighs on each alike. Target: the median with a credential at most 0.1 ms
 * above the median without.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePluginFolder } from '../../test/support/zip.ts';
import { percentile, startServer, type RunningServer, type Row, type Scenario } from '../harness.ts';

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

async function send(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** Pairs as a browser does (the code read from the server's log), then makes a token with the session. */
async function credentials(server: RunningServer): Promise<{ cookie: string; token: string }> {
  await send(`${server.url}/api/v3/auth/pairing/show`, { method: 'POST' });
  const line = server.logs().find((l) => typeof l.pairing_code === 'string');
  if (!line) throw new Error('no pairing code in the log');
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

export const scenario: Scenario = {
  name: 'auth',
  async run() {
    const plugins = pluginsFolder();
    const env = { MARQUEE_PLUGINS_DIR: plugins, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_LOG_LEVEL: 'info' };
    const open = await startServer({ ...env, MARQUEE_AUTH: 'off' });
    const guarded = await startServer({ ...env, MARQUEE_AUTH: 'on' });
    try {
      const { cookie, token } = await credentials(guarded);
      const path = '/api/v3/plugins/installed';
      const ways: Array<{ name: string; url: string; headers: Record<string, string> }> = [
        { name: 'MARQUEE_AUTH=off', url: open.url + path, headers: {} },
        { name: 'session cookie', url: guarded.url + path, headers: { cookie } },
        { name: 'API token', url: guarded.url + path, headers: { authorization: `Bearer ${token}` } },
      ];
      const ms = ways.map(() => [] as number[]);
      for (let i = 0; i < WARMUP + ROUNDS; i++)
        for (const [w, way] of ways.entries()) {
          const t = await timed(way.url, way.headers);
          if (i >= WARMUP) ms[w]!.push(t);
        }
      const p50 = ms.map((m) => percentile(m, 50));
      const rows: Row[] = ways.map((way, w) => ({
        scenario: S,
        metric: `GET /plugins/installed (${PLUGINS}) p50 @1, ${way.name}`,
        value: round(p50[w]!),
        unit: 'ms',
      }));
      for (const w of [1, 2])
        rows.push({
          scenario: S,
          metric: `${ways[w]!.name}: p50 above MARQUEE_AUTH=off`,
          value: round(p50[w]! - p50[0]!),
          unit: 'ms',
          target: '<= 0.1',
        });
      rows.push({
        scenario: S,
        metric: 'machine load average (1 min) after the run',
        value: os.loadavg()[0]!,
        unit: '',
      });
      return rows;
    } finally {
      await open.stop();
      await guarded.stop();
      fs.rmSync(plugins, { recursive: true, force: true });
    }
  },
};
