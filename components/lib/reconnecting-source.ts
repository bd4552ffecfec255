import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';

/**
 * - `connecting`: first attempt under way.
 * - `open`: the stream is live.
 * - `reconnecting`: the connection dropped; the browser reconnects by itself and resumes with
 *   `Last-Event-ID`.
 * - `unavailable`: the server refused the stream (an HTTP error, or not an event stream); a new
 *   attempt is scheduled after a backoff (`retryAt`).
 * - `closed`: nobody listens any more.
 */
export const STREAM_STATES = ['connecting', 'open', 'reconnecting', 'unavailable', 'closed'] as const;
export type StreamState = (typeof STREAM_STATES)[number];

export interface StreamStatus {
  state: StreamState;
  /** When the next attempt starts (epoch ms), while `unavailable`. */
  retryAt: number | null;
  /** Failed attempts in a row. */
  failures: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 1_000, factor: 2, capMs: 30_000, jitter: 0.2 });

export interface ReconnectingSourceOptions {
  url: string;
  onStatus(status: StreamStatus): void;
  backoff?: BackoffPolicy;
}

/**
 * One EventSource, kept alive. The browser already reconnects after a dropped connection (sending
 * `Last-Event-ID`); it gives up for good when the server answers with an error, so that case is
 * retried here with capped backoff. `close()` releases the stream, its listeners and the timer.
 */
export class ReconnectingSource {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Map<string, (e: MessageEvent) => void>();
  private status: StreamStatus = { state: 'connecting', retryAt: null, failures: 0 };
  private closed = false;

  constructor(private readonly opts: ReconnectingSourceOptions) {
    this.connect();
  }

  get current(): StreamStatus {
    return this.status;
  }

  /** Listens for one event type on the current and every later connection (one handler per type). */
  listen(type: string, handler: (e: MessageEvent) => void): void {
    this.source?.removeEventListener(type, this.listeners.get(type)! as EventListener);
    this.listeners.set(type, handler);
    this.source?.addEventListener(type, handler as EventListener);
  }

  unlisten(type: string): void {
    const handler = this.listeners.get(type);
    if (!handler) return;
    this.source?.removeEventListener(type, handler as EventListener);
    this.listeners.delete(type);
  }

  /** Tries again at once instead of waiting out the backoff or the browser's own retry delay. */
  retryNow(): void {
    if (this.closed || this.status.state === 'open' || this.status.state === 'connecting') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dispose();
    this.setStatus({ state: 'connecting', retryAt: null, failures: this.status.failures });
    this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dispose();
    this.setStatus({ state: 'closed', retryAt: null, failures: this.status.failures });
  }

  private connect(): void {
    this.timer = null;
    const source = new EventSource(this.opts.url);
    this.source = source;
    source.addEventListener('open', this.onOpen);
    source.addEventListener('error', this.onError);
    for (const [type, handler] of this.listeners) source.addEventListener(type, handler as EventListener);
  }

  private dispose(): void {
    const source = this.source;
    if (!source) return;
    source.removeEventListener('open', this.onOpen);
    source.removeEventListener('error', this.onError);
    for (const [type, handler] of this.listeners) source.removeEventListener(type, handler as EventListener);
    source.close();
    this.source = null;
  }

  private readonly onOpen = () => this.setStatus({ state: 'open', retryAt: null, failures: 0 });

  private readonly onError = () => {
    if (this.closed || !this.source) return;
    const failures = this.status.failures + 1;
    if (this.source.readyState === EventSource.CONNECTING) {
      this.setStatus({ state: 'reconnecting', retryAt: null, failures });
      return;
    }
    this.dispose();
    const delay = backoffDelay(failures, this.opts.backoff ?? RECONNECT_BACKOFF, Math.random());
    this.setStatus({ state: 'unavailable', retryAt: Date.now() + delay, failures });
    this.timer = setTimeout(() => this.connect(), delay);
  };

  private setStatus(next: StreamStatus): void {
    this.status = next;
    this.opts.onStatus(next);
  }
}
