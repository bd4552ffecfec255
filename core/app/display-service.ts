/**
 * How the display process meets whoever runs it: forked by the web process (the fork channel), or
 * started as a service of its own (`display.link: socket`: a socket to the web service, systemd's
 * readiness and watchdog, and a restart by exiting when panel settings change). Also the switch
 * from root to the service user once the panel is open.
 */
import fs from 'node:fs';
import type { Settings } from '../../hono.config.ts';
import type { HostUser } from '../hosts/confine.ts';
import { startLauncher, type Launcher } from '../hosts/launcher/client.ts';
import type { Logger } from '../platform/log.ts';
import { dropPrivileges, findAccount } from '../platform/privileges.ts';
import { createServiceNotifier, loopLiveness } from '../platform/systemd.ts';
import { displaySocketClient } from './display-socket.ts';

/**
 * Run right after the panel opened: everything after it (the database, plugins) runs as
 * `display.user`. Started as root without one, the display stays root and says so.
 */
export function giveUpRoot(settings: Settings, log: Logger): void {
  const user = settings.display.user;
  if (!user) {
    if (process.getuid?.() === 0) log.warn('the display runs as root: set MARQUEE_DISPLAY_USER to a service user');
    return;
  }
  const account = dropPrivileges(user);
  if (account) log.info('panel open: now running as the service user', { user, uid: account.uid, gid: account.gid });
}

/** The plugin hosts' user: `plugins.hostUser` by name, else `plugins.hostUid`/`hostGid`. */
export function hostsUser(settings: Settings, passwdFile = '/etc/passwd'): HostUser {
  const name = settings.plugins.hostUser;
  if (!name) return { uid: settings.plugins.hostUid, gid: settings.plugins.hostGid };
  const account = findAccount(name, fs.readFileSync(passwdFile, 'utf8'));
  if (!account) throw new Error(`plugins.hostUser: user ${JSON.stringify(name)} not found in ${passwdFile}`);
  if (account.uid === 0) throw new Error(`plugins.hostUser: ${JSON.stringify(name)} is root`);
  return { uid: account.uid, gid: account.gid };
}

/**
 * Run right before `giveUpRoot` when there is root to give up: the host launcher keeps it, so
 * plugin hosts run as a user of their own rather than as the display's. Null when the display
 * stays what it is (not root, or root without `display.user`): it starts its hosts itself.
 */
export async function startHostLauncher(
  settings: Settings,
  log: Logger,
  onLost: (reason: string) => void,
): Promise<Launcher | null> {
  if (!settings.display.user || process.getuid?.() !== 0) return null;
  const user = hostsUser(settings);
  const launcher = await startLauncher({ user, onLost });
  log.info('host launcher started', { pid: launcher.pid, uid: user.uid, gid: user.gid });
  return launcher;
}

export function displayService(settings: Settings, log: Logger, onConnect: () => void) {
  const forked = !!process.send;
  const socket =
    !forked && settings.display.link === 'socket'
      ? displaySocketClient({ socketPath: settings.display.socketPath, log, onConnect })
      : null;
  // A forked display belongs to the web process; only a display started as its own service notifies.
  const notifier = createServiceNotifier({
    socket: forked ? '' : settings.service.notifySocket,
    watchdogUsec: settings.service.watchdogUsec,
    log,
  });
  return {
    forked,
    /** The channel to the web process, if there is one. */
    channel: forked ? (process as never) : (socket?.channel ?? null),
    /** A guarded-task body keeping the socket connected (socket link only). */
    linkTask: socket?.run ?? null,
    notifier,
    liveness: loopLiveness(settings.service.watchdogUsec),
    /** Under systemd a new process is one exit away (`Restart=always`); alone, nothing restarts it. */
    restartsOnExit: notifier.active,
  };
}
