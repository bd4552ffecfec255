/**
 * The host launcher as a root process of its own, driven the way the display drives it: a real
 * Node plugin host started through it as a throwaway user, spoken to over the fd 3 handed back,
 * killed, reniced and measured through it; requests outside its remit refused with the reason; and
 * nothing left behind once the channel closes.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostFacts } from '../../core/display/desired-state.ts';
import { hostLimits } from '../../core/hosts/admission.ts';
import { createHostProcess, type HostDeath } from '../../core/hosts/host-process.ts';
import { launcherModule, startLauncher, type Launcher } from '../../core/hosts/launcher/client.ts';
import type { LauncherConfig } from '../../core/hosts/launcher/requests.ts';
import { nodeHostScript } from '../../core/hosts/node/host-script.ts';
import { currentPermissionFlags } from '../../core/hosts/node/permission.ts';
import { createNodeRuntime } from '../../core/hosts/node/runtime.ts';
import { createPythonRuntime } from '../../core/hosts/python/runtime.ts';
import type { HostRuntime } from '../../core/hosts/runtime.ts';
import type { Account } from '../../core/platform/privileges.ts';
import { hostReachableDir } from '../support/display.ts';
import { alive, credentialsOf, niceOf, requireUserTools, throwawayUser } from '../support/users.ts';

let hosts: Account;
let script: string;

beforeAll(async () => {
  requireUserTools();
  hosts = throwawayUser('mqh');
  script = await nodeHostScript();
});

async function until<T>(fn: () => T | null | undefined | false, what: string, ms = 15_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== null && v !== undefined && v !== false) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A host started through `launcher` (Node's unless told), granted an empty folder, and its deaths. */
async function startHost(
  launcher: Launcher,
  runtime: HostRuntime = createNodeRuntime({ script, flags: currentPermissionFlags() }),
) {
  const dir = hostReachableDir('marquee-launch-');
  const deaths: HostDeath[] = [];
  const host = createHostProcess(
    {
      key: 'plugin:probe',
      launch: runtime.launch({ read: [dir], write: [], memoryMb: 64 }),
      confinement: launcher.confinement,
      limits: hostLimits(64),
      panel: { width: 8, height: 4 },
      facts: hostFacts({}),
      cacheLimits: { cacheValueBytes: 1024, cacheEntries: 10 },
      initDeadlineMs: 10_000,
      members: () => new Set(),
      spawn: launcher.spawn,
    },
    { death: (d) => void deaths.push(d), log: () => {}, cache: () => {}, live: () => {} },
  );
  const reply = await host.start();
  return { host, reply, deaths };
}

describe('the host launcher', () => {
  it('starts a host as the hosts’ user, hands its channel over, and kills, renices and measures it', async () => {
    const lost: string[] = [];
    const launcher = await startLauncher({ user: { uid: hosts.uid, gid: hosts.gid }, onLost: (r) => lost.push(r) });
    expect(credentialsOf(launcher.pid)!.uid).toEqual([0, 0, 0, 0]);
    expect(launcher.confinement).toMatchObject({ user: { uid: hosts.uid, gid: hosts.gid }, problem: null });

    const { host, reply, deaths } = await startHost(launcher);
    expect(reply.runtime).toBe('node');
    const pid = host.pid()!;
    // The host and its wrapper: every id is the hosts' user's, with no supplementary group.
    for (const p of [pid, host.wrapperPid()!])
      expect(credentialsOf(p)).toEqual({ uid: Array(4).fill(hosts.uid), gid: Array(4).fill(hosts.gid), groups: [] });

    // PSS needs ptrace rights over the host, which only the launcher has here; asked on each call.
    const figures = await until(() => host.memory(), 'memory figures');
    expect(figures.pss).toBeGreaterThan(0);
    expect(figures.rss).toBeGreaterThanOrEqual(figures.uss);

    expect(niceOf(pid)).toBe(10);
    expect(host.renice(19)).toBe(true);
    await until(() => niceOf(pid) === 19, 'nice 19');

    host.kill('a test kill', 'hang');
    await until(() => !alive(pid) && !alive(host.wrapperPid()!), 'the host and its wrapper to be gone');
    expect(deaths).toMatchObject([{ kind: 'hang', reason: 'a test kill' }]);

    await launcher.close();
    expect(alive(launcher.pid)).toBe(false);
    expect(lost).toEqual([]);
  });

  it('exits when the display’s channel closes, killing the hosts it started', async () => {
    const lost: string[] = [];
    const launcher = await startLauncher({ user: { uid: hosts.uid, gid: hosts.gid }, onLost: (r) => lost.push(r) });
    const { host, deaths } = await startHost(launcher);
    const pids = [host.pid()!, host.wrapperPid()!, launcher.pid];
    await launcher.close();
    await until(() => pids.every((p) => !alive(p)), 'launcher and host to be gone');
    await until(() => deaths.length === 1, 'the host’s death');
    expect(lost).toEqual([]);
  });

  it('starts a Python host the same way', async () => {
    const launcher = await startLauncher({ user: { uid: hosts.uid, gid: hosts.gid }, onLost: () => {} });
    const python = createPythonRuntime({ python: '/usr/bin/python3', version: null, problem: null });
    const { host, reply } = await startHost(launcher, python);
    expect(reply.runtime).toBe('python');
    expect(credentialsOf(host.pid()!)!.uid).toEqual(Array(4).fill(hosts.uid));
    await launcher.close();
  });

  it('takes its hosts with it when it dies, and the display hears of it', async () => {
    const lost: string[] = [];
    const launcher = await startLauncher({ user: { uid: hosts.uid, gid: hosts.gid }, onLost: (r) => lost.push(r) });
    const { host, deaths } = await startHost(launcher);
    const pids = [host.pid()!, host.wrapperPid()!];
    process.kill(launcher.pid, 'SIGKILL');
    await until(() => lost.length === 1 && deaths.length === 1, 'the loss reported');
    expect(lost[0]).toBe('the host launcher exited (code null, signal SIGKILL)');
    // Each wrapper has a parent-death signal; the host is killed with its wrapper (unshare --kill-child).
    await until(() => pids.every((p) => !alive(p)), 'the host and its wrapper to be gone');
  });

  it('refuses a command that is not a host, root, and another user, and says why', async () => {
    const config: LauncherConfig = {
      user: { uid: hosts.uid, gid: hosts.gid },
      node: { command: process.execPath, script },
      python: { interpreters: ['/usr/bin/python3'], hostDir: '/' },
    };
    const module = launcherModule();
    const child = fork(module, [JSON.stringify(config)], {
      execArgv: module.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const replies: Array<Record<string, unknown>> = [];
    child.on('message', (m: Record<string, unknown>) => void replies.push(m));
    await until(() => replies.some((m) => m.t === 'ready'), 'ready');
    const marker = path.join(hostReachableDir('marquee-launch-'), 'ran');
    const shell = { command: '/bin/sh', args: ['-c', `touch ${marker}`], env: {}, cwd: '/' };
    const limits = hostLimits(64);
    const node = createNodeRuntime({ script, flags: currentPermissionFlags() }).launch({
      read: [],
      write: [],
      memoryMb: 64,
    });
    const asks = [
      { t: 'spawn', id: 1, uid: hosts.uid, gid: hosts.gid, launch: shell, limits, noNetwork: false },
      { t: 'spawn', id: 2, uid: 0, gid: 0, launch: node, limits, noNetwork: false },
      { t: 'spawn', id: 3, uid: hosts.uid + 1, gid: hosts.gid, launch: node, limits, noNetwork: false },
      { t: 'kill', id: 4 },
      { t: 'chown', id: 5, path: '/etc/shadow' },
    ];
    for (const ask of asks) child.send(ask);
    await until(() => replies.filter((m) => m.t === 'refused').length === 4, 'four refusals');
    const refused = Object.fromEntries(replies.filter((m) => m.t === 'refused').map((m) => [m.id, m.error]));
    expect(refused[1]).toMatch(/^launch\.command: expected a host runtime \(.*\), got "\/bin\/sh"$/);
    expect(refused[2]).toBe('uid: expected an integer from 1 to 4294967294, got 0');
    expect(refused[3]).toBe(
      `uid/gid: expected the hosts' user ${hosts.uid}:${hosts.gid}, got "${hosts.uid + 1}:${hosts.gid}"`,
    );
    expect(refused[5]).toBe('t: expected spawn, kill, renice or memory, got "chown"');
    // A kill of a host it never started is nothing to do: no reply, nothing killed.
    expect(replies.filter((m) => m.id === 4)).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.disconnect();
    expect(await exited).toBe(0);
  });
});
