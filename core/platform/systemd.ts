/**
 * Talks to systemd for a `Type=notify` service: `READY=1` once started, `WATCHDOG=1` while alive.
 *
 * Node has no Unix datagram sockets, so each message is sent by `systemd-notify`, which is always
 * installed with systemd. It waits until systemd has processed the message (its barrier), so the
 * message is not lost when the short-lived sender exits first; the unit needs `NotifyAccess=all`
 * because the sender is a child of the service's main process. Nothing is spawned per frame: the
 * render loop only records that it went round (`beat`), and a timer sends at most one ping per
 * period, only when the loop went round within the last half of the watchdog interval — a loop
 * stuck longer stops the pings and systemd restarts the service.
 */
import { spawn } from 'node:child_process';
import type { Logger } from './log.ts';

const SYSTEMD_NOTIFY = '/usr/bin/systemd-notify';

export interface ServiceNotifier {
  /** Whether systemd asked for notifications (a notify socket is set). */
  readonly active: boolean;
  /** Sends `READY=1` (once). */
  ready(status?: string): Promise<void>;
  /** Starts the watchdog pings (no-op without a watchdog interval); `alive()` says whether to ping now. */
  startWatchdog(alive: () => boolean): void;
  stop(): void;
}

export interface NotifierOptions {
  /** `NOTIFY_SOCKET` as systemd set it; empty when not run by systemd. */
  socket: string;
  /** `WATCHDOG_USEC`; 0 when the unit has no `WatchdogSec`. */
  watchdogUsec: number;
  log: Logger;
  /** The sender program (tests may point it elsewhere). */
  command?: string;
}

/** One message; resolves with the failure (null when sent), never rejects. */
function send(o: NotifierOptions, assignments: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(o.command ?? SYSTEMD_NOTIFY, assignments, {
      env: { NOTIFY_SOCKET: o.socket },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code) => resolve(code === 0 ? null : err.trim() || `exit code ${code}`));
  });
}

export function createServiceNotifier(o: NotifierOptions): ServiceNotifier {
  const active = o.socket !== '';
  let timer: NodeJS.Timeout | null = null;
  let readySent = false;
  let inFlight = false;
  let lastFailure: string | null = null;
  // A failure is logged when it starts or changes, not at every ping.
  const notify = async (assignments: string[]) => {
    const failure = await send(o, assignments);
    if (failure && failure !== lastFailure)
      o.log.warn('service notification not sent', { message: assignments.join(' '), error: failure });
    else if (!failure && lastFailure) o.log.info('service notifications sent again');
    lastFailure = failure;
  };
  return {
    active,
    async ready(status) {
      if (!active || readySent) return;
      readySent = true;
      await notify(['READY=1', ...(status ? [`STATUS=${status}`] : [])]);
    },
    startWatchdog(alive) {
      if (!active || o.watchdogUsec <= 0 || timer) return;
      // A quarter of the interval: two pings may be lost or late before systemd gives up.
      const periodMs = Math.max(100, Math.floor(o.watchdogUsec / 4_000));
      timer = setInterval(() => {
        if (inFlight || !alive()) return;
        inFlight = true;
        void notify(['WATCHDOG=1']).then(() => void (inFlight = false));
      }, periodMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/**
 * Liveness of a loop for the watchdog: `beat()` is called once per round (a number stored, no
 * system call), `alive()` says whether the last round is recent enough — within half the watchdog
 * interval, so a round may take up to that long without a restart.
 */
export function loopLiveness(watchdogUsec: number, now: () => number = () => performance.now()) {
  const windowMs = watchdogUsec / 2_000;
  let last = now();
  return {
    beat: () => void (last = now()),
    alive: () => now() - last <= windowMs,
  };
}
