/**
 * Signing in with the real server (`server.ts`, its display child on the emulator) and
 * MARQUEE_AUTH=on: the pairing code in the process's log (what journald keeps), a session and a
 * token that still work after the process is stopped and started again on the same data.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnNode, type Spawned } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const json = { 'content-type': 'application/json' };

async function start(env: Record<string, string>): Promise<{ proc: Spawned; url: string }> {
  const proc = spawnNode('server.ts', { env });
  const url = (await proc.waitForLog((l) => l.msg === 'listening')).url as string;
  return { proc, url };
}

describe('signing in with the real server', () => {
  it('prints the code in its log, pairs, makes a token, and both work after a restart', async () => {
    const root = tempDir('marquee-auth-');
    const env = {
      PORT: '0',
      MARQUEE_HOST: '127.0.0.1',
      MARQUEE_AUTH: 'on',
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_LOG_LEVEL: 'info',
    };
    let { proc, url } = await start(env);
    expect((await fetch(`${url}/api/v3/config/main`)).status).toBe(401);

    const shown = await fetch(`${url}/api/v3/auth/pairing/show`, { method: 'POST' });
    expect(shown.status).toBe(200);
    const line = await proc.waitForLog((l) => typeof l.pairing_code === 'string');
    const code = String(line.pairing_code);
    expect(code).toMatch(/^\d{4} \d{4}$/);
    expect(line.level).toBe('info');
    expect(await shown.text()).not.toContain(code.slice(5));

    const paired = await fetch(`${url}/api/v3/auth/pair`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ code, device_name: 'Phone' }),
    });
    expect(paired.status).toBe(200);
    const cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
    const made = await fetch(`${url}/api/v3/auth/tokens`, {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ name: 'Home Assistant' }),
    });
    expect(made.status).toBe(201);
    const token = ((await made.json()) as { data: { token: string } }).data.token;

    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    ({ proc, url } = await start(env));

    expect((await fetch(`${url}/api/v3/config/main`)).status).toBe(401);
    expect((await fetch(`${url}/api/v3/config/main`, { headers: { cookie } })).status).toBe(200);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/api/v3/config/main`, { headers: bearer })).status).toBe(200);
    const sessions = await (await fetch(`${url}/api/v3/auth/sessions`, { headers: bearer })).json();
    expect(sessions.data.sessions.map((s: { name: string }) => s.name)).toEqual(['Phone']);
    const health = await (await fetch(`${url}/api/v3/health`)).json();
    expect(Object.keys(health.data).sort()).toEqual(['status', 'timestamp']);
  });
});
