import type { ReactiveController } from 'lit';
import { EVENT_TYPES } from '../../shared/events.ts';
import type { ServerEvent, StreamState, Unsubscribe } from './events.ts';
import type { ServicedElement } from './serviced-element.ts';

export interface LiveReloadOptions {
  /** Event types that mean the view's data changed. */
  types: readonly string[];
  /** Loads the view's data again. */
  reload(): void;
  /** Only events this accepts count (e.g. those about one operation). */
  accept?(event: ServerEvent): boolean;
  /** Events arrive in bursts (progress); they are gathered for this long into one reload. */
  delayMs?: number;
}

/**
 * Keeps a view's data current from the event stream: a reload after the events that concern it,
 * after a `resync` (the server could not replay what was missed), and whenever the stream opens
 * after being down or still connecting: changes made before it opened (or during an outage) were
 * never sent, so what the view loaded meanwhile may already be stale. Subscribed only while the
 * host is connected.
 */
export class LiveReload implements ReactiveController {
  private stops: Unsubscribe[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last: StreamState | null = null;

  constructor(
    private readonly host: ServicedElement,
    private readonly opts: LiveReloadOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const { events } = this.host.services;
    const onEvent = (e: ServerEvent) => {
      if (e.type === EVENT_TYPES.resync || !this.opts.accept || this.opts.accept(e)) this.soon();
    };
    this.last = null;
    this.stops = [...this.opts.types, EVENT_TYPES.resync].map((t) => events.subscribe(t, onEvent));
    this.stops.push(
      events.watch((s) => {
        if (s.state === 'open' && this.last !== null && this.last !== 'open') this.soon();
        this.last = s.state;
      }),
    );
  }

  hostDisconnected(): void {
    for (const stop of this.stops.splice(0)) stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.opts.reload();
    }, this.opts.delayMs ?? 250);
  }
}
