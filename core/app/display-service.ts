/**
 * How the display process meets whoever runs it: forked by the web process (the fork channel), or
 * started as a service of its own (`display.link: socket`: a socket to the web service, systemd's
 * readiness and watchdog, and a restart by exiting when panel settings change). Also the switch
 * from root to the service user once the panel is open.
 */
import type { Settings } from '../../hono.config.ts';
import type { Logger } from '../platform/log.ts';
import { dropPrivileges } from '../platform/privileges.ts';
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
