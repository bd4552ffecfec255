/**
 * The web ↔ display channel when each runs as its own service (`display.link: socket`): the web
 * process listens on a Unix socket, the display connects and reconnects. Both ends look like the
 * fork channel (`MessageChannel`), so the display link and the display's IPC work unchanged.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { abortableDelay } from '../platform/delay.ts';
import type { Logger } from '../platform/log.ts';
import { MessageChannel } from '../platform/message-socket.ts';

/** Removes a socket left by a previous run; anything else at that path is not ours to delete. */
function removeStaleSocket(socketPath: string): void {
  const st = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isSocket()) throw new Error(`${socketPath} exists and is not a socket`);
  fs.unlinkSync(socketPath);
}

/**
 * A guarded-task body: listens on `socketPath` (mode 0600: only the service user may connect) and
 * hands each display connection to `onConnect`; a newer connection replaces an older one.
 */
export function serveDisplaySocket(o: {
  socketPath: string;
  log: Logger;
  onConnect: (channel: MessageChannel) => void;
}) {
  return async (signal: AbortSignal): Promise<void> => {
    fs.mkdirSync(path.dirname(o.socketPath), { recursive: true });
    removeStaleSocket(o.socketPath);
    const live: { current: MessageChannel | null } = { current: null };
    const server = net.createServer((socket) => {
      live.current?.disconnect();
      const channel = (live.current = new MessageChannel(socket));
      o.log.info('display connected', { socket: o.socketPath });
      channel.once('exit', () => o.log.info('display disconnected', { socket: o.socketPath }));
      o.onConnect(channel);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.socketPath, () => (server.off('error', reject), resolve()));
    });
    fs.chmodSync(o.socketPath, 0o600);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      live.current?.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(o.socketPath, { force: true });
    }
  };
}

/**
 * The display's end: one channel object for the life of the process (messages sent while the web
 * process is away are dropped, as with no parent), reconnected by `run` after each loss.
 */
export function displaySocketClient(o: { socketPath: string; log: Logger; onConnect?: () => void }) {
  const events = new EventEmitter();
  let live: MessageChannel | null = null;
  const channel = {
    send: (msg: unknown, handle?: unknown, opts?: unknown, cb?: (e: Error | null) => void) => {
      if (live?.connected) return live.send(msg, handle, opts, cb);
      if (cb) queueMicrotask(() => cb(new Error('web process not connected')));
      return false;
    },
    on: (event: 'message', fn: (m: unknown) => void) => events.on(event, fn),
    connected: () => !!live?.connected,
  };

  async function connectOnce(signal: AbortSignal): Promise<void> {
    const socket = net.connect(o.socketPath);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => (socket.off('error', reject), resolve()));
      socket.once('error', reject);
    });
    const link = (live = new MessageChannel(socket));
    link.on('message', (m) => events.emit('message', m));
    o.log.info('connected to the web process', { socket: o.socketPath });
    o.onConnect?.();
    await new Promise<void>((resolve) => {
      link.once('exit', resolve);
      signal.addEventListener('abort', () => (link.disconnect(), resolve()), { once: true });
    });
    if (live === link) live = null;
  }

  /** A guarded-task body: connects, and after a loss or a refused connection tries again, 0.5 s doubling to 5 s. */
  async function run(signal: AbortSignal): Promise<void> {
    let waitMs = 500;
    let reported = false;
    while (!signal.aborted) {
      try {
        await connectOnce(signal);
        waitMs = 500;
        reported = false;
      } catch (e) {
        if (!reported)
          o.log.info('web process not reachable yet', { socket: o.socketPath, error: (e as Error).message });
        reported = true;
      }
      await abortableDelay(waitMs, signal);
      waitMs = Math.min(5_000, waitMs * 2);
    }
  }

  return { channel, run };
}
