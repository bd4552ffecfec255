import type { SSEStreamingApi } from 'hono/streaming';
import { maskSecrets } from '../../config/secrets/mask.ts';
import type { Events, StreamEvent } from '../../platform/events.ts';

export interface PumpOptions {
  events: Events;
  /** The client's `Last-Event-ID`, if it is resuming. */
  lastEventId?: string;
  /** Ends the stream (client gone, shutdown). */
  signal: AbortSignal;
  keepAliveMs?: number;
  /** Events waiting for a slow client beyond which it is dropped; it reconnects and resumes from the ring. */
  maxBuffered?: number;
}

const RECONNECT_MS = 3_000;

/**
 * Writes the event stream to one client until `signal` aborts. The first event is `ready` (fresh
 * connection or successful resume, preceded by the missed events) or `resync` (the missed events
 * are gone: reload state); both carry the current id, so a client that reconnects later resumes
 * from there. Subscribing and reading the backlog happen in one synchronous step, so no event is
 * sent twice or skipped between them.
 */
export async function pumpEvents(stream: SSEStreamingApi, opts: PumpOptions): Promise<void> {
  const { events, signal } = opts;
  const maxBuffered = opts.maxBuffered ?? 1_000;
  const queue: StreamEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const unsubscribe = events.subscribe((e) => {
    if (queue.length >= maxBuffered) overflowed = true;
    else queue.push(e);
    wake?.();
  });
  const backlog = opts.lastEventId ? events.since(opts.lastEventId) : [];
  const here = events.lastId();
  queue.unshift(...(backlog ?? []));
  try {
    await stream.write(`retry: ${RECONNECT_MS}\n\n`);
    const first = backlog === null ? 'resync' : 'ready';
    const firstEvent = {
      id: here,
      event: first,
      data: JSON.stringify({ epoch: events.epoch, resumed: !!opts.lastEventId && backlog !== null }),
    };
    // The missed events come before `ready`, which then marks "caught up"; ids stay in order.
    for (const e of queue.splice(0, backlog?.length ?? 0)) await send(stream, e);
    await stream.writeSSE(firstEvent);
    while (!signal.aborted && !overflowed) {
      const e = queue.shift();
      if (e) {
        await send(stream, e);
        continue;
      }
      const woke = await new Promise<boolean>((resolve) => {
        const finish = (value: boolean) => () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = null;
          resolve(value);
        };
        const onAbort = finish(true);
        const timer = setTimeout(finish(false), opts.keepAliveMs ?? 15_000);
        wake = onAbort;
        signal.addEventListener('abort', onAbort, { once: true });
      });
      if (!woke) await stream.write(': keep-alive\n\n');
    }
  } finally {
    unsubscribe();
  }
}

// Events carry operation results and plugin facts: masked like every answer holding settings.
const send = (stream: SSEStreamingApi, e: StreamEvent) =>
  stream.writeSSE({ id: e.id, event: e.type, data: JSON.stringify(maskSecrets(e.data)) });
