/**
 * The display as a Raspberry Pi install runs it (the production bundle, started as root, switching
 * to its service user once the panel is open), with plugin hosts started by the host launcher as a
 * user of their own. Two throwaway system users stand in for `marquee` and `marquee-plugin`; every
 * claim is checked from /proc: who each process is, what a host may read and write, that the
 * display's kill, renice and memory figures reach hosts it has no rights over, and that killing the
 * display with SIGKILL leaves neither launcher nor host behind.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, PROJECT_ROOT } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import { openSqlite } from '../../db/sqlite.ts';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { readHeartbeat } from '../../core/platform/heartbeat.ts';
import { descendantsOf } from '../../core/hosts/proc-stats.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import type { Account } from '../../core/platform/privileges.ts';
import { hostReachableDir, writeConfig, writePlugin } from '../support/display.ts';
import { spawnNode } from '../support/process.ts';
import { alive, credentialsOf, niceOf, requireUserTools, throwawayUser } from '../support/users.ts';

/**
 * Reports what the OS lets its host do (read a file of the display's user in its own folder, write
 * its data folder), then keeps a core busy in update() until its host is killed.
 */
const PROBE = `import fs from 'node:fs';
import path from 'node:path';
const attempt = (fn) => { try { fn(); return 'ok'; } catch (e) { return e.code ?? e.message; } };
export default class Probe {
  constructor(ctx) {
    this.ctx = ctx;
    const foreign = attempt(() => fs.readFileSync(new URL('./private.txt', import.meta.url)));
    const data = attempt(() => fs.writeFileSync(path.join(ctx.dataDir, 'note.txt'), 'kept'));
    ctx.log.info('probe', { foreign, data });
  }
  update() {
    for (;;);
  }
  render(frame) {
    frame.clear([0, 80, 0]);
    return true;
  }
}
`;

let hosts: Account;
let drop: Account;

beforeAll(() => {
  requireUserTools();
  hosts = throwawayUser('mqh');
  drop = throwawayUser('mqd', [hosts.name]);
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
});

/** Folders as the installer makes them, owned by the display's user, plugin code shared with the hosts' group. */
async function installRoot() {
  const root = hostReachableDir('marquee-host-user-');
  const plugins = path.join(root, 'plugins');
  writePlugin(plugins, 'steady');
  const probe = path.join(plugins, 'probe');
  fs.mkdirSync(probe, { recursive: true });
  fs.writeFileSync(path.join(probe, 'plugin.js'), PROBE);
  fs.writeFileSync(
    path.join(probe, 'manifest.json'),
    JSON.stringify({
      id: 'probe',
      name: 'probe',
      version: '1.0.0',
      entry_point: 'plugin.js',
      display_modes: ['probe'],
    }),
  );
  fs.writeFileSync(path.join(probe, 'private.txt'), 'the display user’s');
  writeConfig(path.join(root, 'config'), {
    steady: { enabled: true, color: [0, 0, 90] },
    probe: { enabled: true },
  });
  const settings = loadSettings(
    {},
    { dataDir: path.join(root, 'data'), configDir: path.join(root, 'config'), pluginsDir: plugins },
  );
  const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0));
  const web = openDb(settings.dataDir);
  await preparePlugins({ settings, db: web, clock, log: memoryLogger(clock), version: '0.1.0' });
  web.close();
  execFileSync('chown', ['-R', `${drop.uid}:${drop.gid}`, root]);
  execFileSync('chgrp', ['-R', String(hosts.gid), plugins]);
  // As the installer makes it: setgid, so each plugin's data folder is born in the hosts' group.
  const dataRoot = path.join(root, 'data', 'plugins');
  fs.mkdirSync(dataRoot);
  fs.chownSync(dataRoot, drop.uid, hosts.gid);
  fs.chmodSync(dataRoot, 0o2710);
  fs.chmodSync(path.join(probe, 'private.txt'), 0o600);
  return root;
}

async function until<T>(fn: () => T | null | undefined | false, what: string, ms = 30_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== null && v !== undefined && v !== false) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const commandOf = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ');
const childrenOf = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);

describe('plugin hosts on a Pi install', () => {
  it('run as a user of their own, started, killed, reniced and measured through the launcher', async () => {
    const root = await installRoot();
    const display = spawnNode('dist/display.mjs', {
      env: {
        MARQUEE_DATA_DIR: path.join(root, 'data'),
        MARQUEE_CONFIG_DIR: path.join(root, 'config'),
        MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
        MARQUEE_DISPLAY_BACKEND: 'emulator',
        MARQUEE_DISPLAY_USER: drop.name,
        MARQUEE_PLUGIN_HOST_USER: hosts.name,
        MARQUEE_DISPLAY_FLUSH_MS: '500',
        MARQUEE_PLUGIN_UPDATE_DEADLINE_MS: '12000',
        // A render waits for the probe's busy update (one JavaScript thread) rather than kill it.
        MARQUEE_PLUGIN_RENDER_DEADLINE_MS: '20000',
        MARQUEE_LOG_LEVEL: 'info',
      },
    });
    await display.waitForLog((l) => l.msg === 'display started', { timeoutMs: 30_000 });
    // The display: its service user for good, a member of the hosts' group.
    const me = credentialsOf(display.pid)!;
    expect(me.uid).toEqual(Array(4).fill(drop.uid));
    expect(me.groups).toContain(hosts.gid);
    // The launcher: the display's child, root.
    const launcher = childrenOf(display.pid).find((p) => commandOf(p).includes('host-launcher.mjs'))!;
    expect(credentialsOf(launcher)!.uid).toEqual([0, 0, 0, 0]);

    // The probe's host: the OS refuses it the display user's 0600 file in its own folder (the
    // permission model would allow it there), and it writes its data folder.
    const probe = await display.waitForLog((l) => l.msg === 'probe', { timeoutMs: 30_000 });
    expect(probe).toMatchObject({ foreign: 'EACCES', data: 'ok' });
    const dataDir = path.join(root, 'data', 'plugins', 'probe');
    expect(fs.statSync(dataDir)).toMatchObject({ uid: drop.uid, gid: hosts.gid });
    expect(fs.statSync(dataDir).mode & 0o7777).toBe(0o2770);
    // Written with the hosts' umask into a setgid folder: the display's user (the group) may read and remove it.
    expect(fs.statSync(path.join(dataDir, 'note.txt'))).toMatchObject({ uid: hosts.uid, gid: hosts.gid });
    expect(fs.statSync(path.join(dataDir, 'note.txt')).mode & 0o777).toBe(0o660);

    // Every process below the launcher is the hosts' user; health's figures come through the launcher.
    const heartbeat = () => {
      const db = openSqlite(path.join(root, 'data'));
      try {
        return readHeartbeat(db.sqlite, 'display')?.info.hosts as Array<Record<string, any>> | undefined;
      } finally {
        db.close();
      }
    };
    const measured = await until(() => {
      const h = heartbeat()?.find((x) => x.key === 'plugin:probe');
      return h && h.pss_mb > 0 ? h : null;
    }, 'the probe host’s memory figures in the heartbeat');
    const probePid = measured.pid as number;
    const below = descendantsOf(launcher);
    expect(below).toContain(probePid);
    for (const p of below) expect(credentialsOf(p)?.uid ?? [hosts.uid], commandOf(p)).toEqual(Array(4).fill(hosts.uid));

    // Renice: busy for 3 s, it is demoted to nice 19 (the display alone could not raise another user's nice value).
    await display.waitForLog((l) => l.msg === 'plugin host demoted to nice 19' && l.host === 'plugin:probe');
    await until(() => niceOf(probePid) === 19, 'nice 19 on the probe host');

    // Kill: the host misses a deadline and goes (the display alone could not signal it).
    const ended = await display.waitForLog((l) => l.msg === 'plugin host ended' && l.host === 'plugin:probe', {
      timeoutMs: 30_000,
    });
    expect(ended.reason).toMatch(/missed its deadline/);
    await until(() => !alive(probePid), 'the probe host to be gone');

    // SIGKILL to the display: the launcher sees its channel close and takes every host with it.
    const left = [launcher, ...descendantsOf(launcher)];
    expect(left.length).toBeGreaterThan(1);
    process.kill(display.pid, 'SIGKILL');
    await display.exited;
    await until(() => left.every((p) => !alive(p)), 'launcher and hosts to be gone', 10_000);
  }, 120_000);
});
