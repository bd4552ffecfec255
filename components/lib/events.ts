import type { BackoffPolicy } from '../../shared/backoff.ts';
import { ReconnectingSource, type StreamStatus } from './reconnecting-source.ts';

export type { StreamState, StreamStatus } from './reconnecting-source.ts';

/** One event from the stream: its type, id (for resume) and JSON data (raw text if not JSON). */
export interface ServerEvent<T = unknown> {
  type: string;
  id: string;
  data: T;
}

export type Unsubscribe = () => void;

export interface EventHub {
  /** Calls `fn` for each event of `type`. The returned function MUST be called when the caller leaves. */
  subscribe<T = unknown>(type: string, fn: (event: ServerEvent<T>) => void): Unsubscribe;
  /** Calls `fn` now and on every change of the connection state. */
  watch(fn: (status: StreamStatus) => void): Unsubscribe;
  readonly status: StreamStatus;
  /** Id of the last event received (the browser sends it as `Last-Event-ID` when it reconnects). */
  readonly lastEventId: string;
  /** Reconnects at once when the stream is down (a user's "Retry now"). */
  retryNow(): void;
  /** Subscriptions and watchers currently held, for leak checks. */
  readonly size: number;
}

const IDLE: StreamStatus = { state: 'closed', retryAt: null, failures: 0 };

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The page's one connection to the server's event stream, shared by every view. It opens with the
 * first subscriber and closes with the last, so a page with no live view holds no stream.
 */
export function createEventHub(opts: { url: string; backoff?: BackoffPolicy }): EventHub {
  const byType = new Map<string, Set<(e: ServerEvent) => void>>();
  const watchers = new Set<(s: StreamStatus) => void>();
  let source: ReconnectingSource | null = null;
  let status = IDLE;
  let lastEventId = '';

  const size = () => watchers.size + [...byType.values()].reduce((n, set) => n + set.size, 0);
  const setStatus = (next: StreamStatus) => {
    status = next;
    for (const fn of [...watchers]) fn(next);
  };
  const ensureOpen = () => {
    source ??= new ReconnectingSource({ url: opts.url, backoff: opts.backoff, onStatus: setStatus });
  };
  const closeIfUnused = () => {
    if (size() || !source) return;
    const s = source;
    source = null;
    s.close();
  };
  const dispatch = (type: string) => (e: MessageEvent) => {
    if (e.lastEventId) lastEventId = e.lastEventId;
    const event: ServerEvent = { type, id: e.lastEventId, data: parse(String(e.data)) };
    for (const fn of [...(byType.get(type) ?? [])]) fn(event);
  };

  return {
    subscribe(type, fn) {
      let set = byType.get(type);
      if (!set) byType.set(type, (set = new Set()));
      const entry = fn as (e: ServerEvent) => void;
      set.add(entry);
      ensureOpen();
      if (set.size === 1) source!.listen(type, dispatch(type));
      return () => {
        if (!set.delete(entry)) return;
        if (!set.size) {
          byType.delete(type);
          source?.unlisten(type);
        }
        closeIfUnused();
      };
    },
    watch(fn) {
      watchers.add(fn);
      ensureOpen();
      fn(status);
      return () => {
        if (watchers.delete(fn)) closeIfUnused();
      };
    },
    retryNow() {
      source?.retryNow();
    },
    get status() {
      return status;
    },
    get lastEventId() {
      return lastEventId;
    },
    get size() {
      return size();
    },
  };
}
