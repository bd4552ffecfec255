/**
 * The display and web processes as the Raspberry Pi install runs them: two services, the web one
 * never root, the display started as root and switching to the service user once the panel is
 * open, talking over a Unix socket, each telling systemd (here a stand-in notify socket) it is
 * ready, the display pinging the watchdog from its render loop.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { writeConfig } from '../support/display.ts';
import { fakeNotifySocket } from '../support/notify-socket.ts';
import { line, spawnNode, startFixtureServer } from '../support/process.ts';
import { RP1_UNSUPPORTED } from '../../core/render/backends/pi-probe.ts';
import { tempDir } from '../support/temp.ts';

const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
});

/** uid and gid lines of /proc/<pid>/status: real, effective, saved, filesystem. */
function credentials(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const ids = (key: string) => /^(\w+):\s+(.*)$/m.exec(status.split('\n').find((l) => l.startsWith(`${key}:`))!)![2]!;
  return {
    uid: ids('Uid').split(/\s+/).map(Number),
    gid: ids('Gid').split(/\s+/).map(Number),
    groups: ids('Groups').trim(),
  };
}

/** A folder tree the service user owns, as the installer makes /var/lib/marquee. */
function serviceRoot() {
  const root = tempDir('marquee-service-');
  for (const d of ['data', 'config', 'plugins', 'run']) fs.mkdirSync(path.join(root, d));
  writeConfig(path.join(root, 'config'), { display: { hardware: { rows: 16, cols: 32 } } });
  for (const p of [root, ...fs.readdirSync(root).map((d) => path.join(root, d))])
    fs.chownSync(p, NOBODY.uid, NOBODY.gid);
  fs.chownSync(path.join(root, 'config', 'config.json'), NOBODY.uid, NOBODY.gid);
  return root;
}

describe.runIf(asRoot)('web and display as separate services', () => {
  it('display drops root after opening the panel, links to web over the socket, notifies and pings the watchdog', async () => {
    const root = serviceRoot();
    const env = {
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_DISPLAY_LINK: 'socket',
      MARQUEE_DISPLAY_SOCKET: path.join(root, 'run', 'display.sock'),
      MARQUEE_LOG_LEVEL: 'info',
    };
    const webNotify = await fakeNotifySocket();
    const web = spawnNode('dist/server.mjs', {
      env: { ...env, PORT: '0', MARQUEE_HOST: '127.0.0.1', NOTIFY_SOCKET: webNotify.path, WATCHDOG_USEC: '2000000' },
      ...NOBODY,
    });
    const url = (await web.waitForLog((l) => l.msg === 'listening')).url as string;
    expect(await webNotify.waitFor((m) => m.startsWith('READY=1'))).toBe(`READY=1\nSTATUS=listening on ${url}`);
    await webNotify.waitFor((m) => m === 'WATCHDOG=1');

    const displayNotify = await fakeNotifySocket();
    const display = spawnNode('dist/display.mjs', {
      env: { ...env, MARQUEE_DISPLAY_USER: 'nobody', NOTIFY_SOCKET: displayNotify.path, WATCHDOG_USEC: '2000000' },
    });
    await display.waitForLog((l) => l.msg === 'display started');
    // Real, effective, saved and filesystem ids are all the service user's; root's groups are gone.
    expect(credentials(display.pid)).toEqual({
      uid: [65534, 65534, 65534, 65534],
      gid: [65534, 65534, 65534, 65534],
      groups: '65534',
    });
    expect(credentials(web.pid).uid[1]).toBe(65534);
    const dropped = display.logs.find((l) => l.msg === 'panel open: now running as the service user');
    expect(dropped).toMatchObject({ user: 'nobody', uid: 65534 });
    // The database was created after the switch: the web process (same user) can write it.
    expect(fs.statSync(path.join(root, 'data', 'marquee.db')).uid).toBe(65534);

    expect(await displayNotify.waitFor((m) => m.startsWith('READY=1'))).toBe('READY=1\nSTATUS=emulator 32x16');
    await displayNotify.waitFor((m) => m === 'WATCHDOG=1', 2);

    // Web sees the display through the socket: the screen status and the frame on the panel.
    await web.waitForLog((l) => l.msg === 'display connected');
    const frame = await fetch(`${url}/api/v3/display/current`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
    const health = (await (await fetch(`${url}/api/v3/health`)).json()) as { data: { checks: Record<string, any> } };
    expect(health.data.checks.display).toMatchObject({ status: 'ok', supervised: false });

    // Panel geometry changed: under systemd the display exits for a new process to apply it.
    writeConfig(path.join(root, 'config'), { display: { hardware: { rows: 32, cols: 32 } } });
    expect((await display.exited).code).toBe(0);
    expect(display.logs.some((l) => l.msg === 'display stopping' && l.reason === 'panel settings changed')).toBe(true);
    await web.waitForLog((l) => l.msg === 'display disconnected');
  });
});

describe('on a Raspberry Pi 5', () => {
  it('health says plainly the panel library cannot drive the board while the emulator keeps the display running', async () => {
    const model = path.join(tempDir('marquee-board-'), 'model');
    fs.writeFileSync(model, 'Raspberry Pi 5 Model B Rev 1.0\0');
    const web = await startFixtureServer({ env: { MARQUEE_DISPLAY_BACKEND: 'auto', MARQUEE_BOARD_MODEL_FILE: model } });
    await web.waitForLog(line.displayStarted);
    const display = await poll(async () => {
      const res = (await (await fetch(`${web.url}/api/v3/health`)).json()) as { data: { checks: Record<string, any> } };
      return res.data.checks.display.pid ? res.data.checks.display : null;
    });
    expect(display.status).toBe('degraded');
    expect(display.detail).toBe(`alive on the emulator: ${RP1_UNSUPPORTED}`);
    expect(display.info).toMatchObject({
      backend: 'emulator',
      requested_backend: 'auto',
      pi_model: 'Raspberry Pi 5 Model B Rev 1.0',
    });
    const frame = await fetch(`${web.url}/api/v3/display/current`);
    expect(frame.status).toBe(200);
  });
});

async function poll<T>(fn: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
