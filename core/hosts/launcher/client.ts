/**
 * The display's end of the host launcher (main.ts): forked while the display is still root, it
 * gives the display a `HostSpawner` whose hosts run as the hosts' user. Each host arrives as its
 * wrapper's pid and its three streams (handles passed over the channel); exit, kill, renice and
 * memory figures go through the launcher, everything else (the protocol on fd 3, the log lines)
 * stays between the display and the host.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT } from '../../../hono.config.ts';
import type { Confinement, HostUser } from '../confine.ts';
import { nodeHostScript } from '../node/host-script.ts';
import { PYTHON_HOST_DIR } from '../python/command.ts';
import { DEFAULT_PYTHON } from '../python/runtime-check.ts';
import type { HostSpawner } from '../spawn.ts';
import { createLaunchedHosts, type Message } from './launched.ts';
import type { LauncherConfig } from './requests.ts';

export interface Launcher {
  pid: number;
  /** Probed by the launcher as the hosts' user. */
  confinement: Confinement;
  spawn: HostSpawner;
  /** Closes the channel: the launcher kills the hosts still running and exits. */
  close(): Promise<void>;
}

export const launcherModule = () =>
  BUNDLED
    ? path.join(PROJECT_ROOT, 'dist', 'host-launcher.mjs')
    : path.join(PROJECT_ROOT, 'core', 'hosts', 'launcher', 'main.ts');

/** Forks the launcher (this process must be root) and waits for its word that it is ready. */
export async function startLauncher(o: {
  user: HostUser;
  python?: string;
  /** The launcher ended while the display still needed it (its hosts died with it). */
  onLost(reason: string): void;
}): Promise<Launcher> {
  const module = launcherModule();
  const child = fork(module, [JSON.stringify(await launcherConfig(o.user, o.python))], {
    execArgv: [...(module.endsWith('.ts') ? ['--import', 'tsx'] : []), '--max-semi-space-size=1'],
    env: { PATH: '/usr/bin:/bin', MALLOC_ARENA_MAX: '2' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const confinement = await ready(child);
  const send = (m: Message) => child.connected && child.send(m, undefined, {}, () => {});
  const hosts = createLaunchedHosts(send, !!confinement.tools.unshare);
  child.on('message', (m: Message, handle: unknown) => hosts.receive(m, handle));
  let closing = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      hosts.endAll();
      if (!closing) o.onLost(`the host launcher exited (code ${code}, signal ${signal})`);
      resolve();
    }),
  );
  return {
    pid: child.pid!,
    confinement,
    spawn: (launch, c, limits) => hosts.spawn(c.user ?? o.user, launch, limits, !!c.noNetwork),
    async close() {
      closing = true;
      if (child.connected) child.disconnect();
      await gone;
    },
  };
}

/** What the launcher will start: the runtimes this display would start hosts with, as `user`. */
async function launcherConfig(user: HostUser, python = DEFAULT_PYTHON): Promise<LauncherConfig> {
  return {
    user,
    node: { command: process.execPath, script: await nodeHostScript() },
    python: { interpreters: [...new Set([python, DEFAULT_PYTHON])], hostDir: PYTHON_HOST_DIR },
  };
}

/** The launcher's first word: its confinement, probed as the hosts' user. */
function ready(child: ChildProcess): Promise<Confinement> {
  return new Promise<Confinement>((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`the host launcher exited at start (code ${code})`));
    child.once('exit', early);
    child.once('message', (m: Message) => {
      child.off('exit', early);
      if (m.t === 'ready') resolve(m.confinement as Confinement);
      else reject(new Error(`the host launcher said ${JSON.stringify(m).slice(0, 200)} instead of ready`));
    });
  });
}
