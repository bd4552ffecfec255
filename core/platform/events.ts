import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';

/** One event on the stream (`GET /api/v3/events`). */
export interface StreamEvent {
  /** `<epoch>-<seq>`: the epoch names this process's stream, seq counts up from 1. */
  id: string;
  type: string;
  data: unknown;
  at: number;
}

/** Queue event types; other areas publish their own (e.g. `plugin.state`) the same way. */
export const OPERATION_EVENTS = [
  'operation.created',
  'operation.started',
  'operation.progress',
  'operation.retrying',
  'operation.finished',
] as const;

/**
 * The process's event stream, `events` of the platform base. `publish` is synchronous and cheap (no
 * I/O); the most recent events are kept in a bounded ring so a client can resume with `Last-Event-ID`.
 *
 * The ring lives in memory, not in the database: events only announce changes whose truth is in
 * tables (operations, operation_events, plugin state), so persisting them would double every write
 * on an SD card for no new fact. What memory cannot cover (a restart, or a client away longer than
 * the ring holds) is reported, never papered over: `since` answers null and the stream sends a
 * `resync` event, telling the client to reload state instead of silently missing changes.
 */
export interface Events {
  publish(type: string, data: unknown): StreamEvent;
  /** Events after `lastId`, oldest first; null when they cannot all be given (unknown id, other epoch, or too old). */
  since(lastId: string): StreamEvent[] | null;
  /** Calls `listener` for every later event until the returned function is called. */
  subscribe(listener: (e: StreamEvent) => void): () => void;
  /** Aborted by `close()` (shutdown): streams end. */
  readonly closed: AbortSignal;
  close(): void;
  readonly epoch: string;
  /** Id of the newest event (`<epoch>-0` before the first), to resume from "now". */
  lastId(): string;
}

export function createEvents(opts: { clock: Clock; log: Logger; size: number }): Events {
  const epoch = `${opts.clock.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const ring: Array<StreamEvent | undefined> = new Array(opts.size);
  const listeners = new Set<(e: StreamEvent) => void>();
  const closer = new AbortController();
  let seq = 0;

  return {
    epoch,
    closed: closer.signal,
    publish(type, data) {
      seq += 1;
      const event: StreamEvent = { id: `${epoch}-${seq}`, type, data, at: opts.clock.now() };
      ring[seq % opts.size] = event;
      for (const l of listeners) {
        try {
          l(event);
        } catch (e) {
          // A broken subscriber must not break the publisher (an operation finishing, say).
          opts.log.error('event subscriber failed', { type, error: (e as Error).message });
        }
      }
      return event;
    },
    lastId: () => `${epoch}-${seq}`,
    since(lastId) {
      const m = /^([0-9a-z]+)-(\d+)$/.exec(lastId);
      if (!m || m[1] !== epoch) return null;
      const last = Number(m[2]);
      const oldest = Math.max(1, seq - opts.size + 1);
      // `last` itself may have left the ring: only the events after it are needed.
      if (last > seq || last < oldest - 1) return null;
      const out: StreamEvent[] = [];
      for (let s = last + 1; s <= seq; s++) out.push(ring[s % opts.size]!);
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      closer.abort();
    },
  };
}
