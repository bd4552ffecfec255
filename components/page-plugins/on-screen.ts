import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EVENT_TYPES } from '../../shared/events.ts';
import type { Unsubscribe } from '../lib/events.ts';
import type { ServicedElement } from '../lib/serviced-element.ts';

interface ScreenStatus {
  plugin_id?: string | null;
}

/**
 * Which plugin the panel shows now: read once on connect, then followed on `display.changed`, so
 * the row of that plugin can show the live frame.
 */
export class OnScreen implements ReactiveController {
  /** The plugin on the panel, or null (idle, nothing running, or not known yet). */
  pluginId: string | null = null;
  private stop: Unsubscribe | null = null;
  private loader: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost & ServicedElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = this.host.services.events.subscribe(EVENT_TYPES.displayChanged, (e) =>
      this.set(e.data as ScreenStatus),
    );
    const loader = (this.loader = new AbortController());
    this.host.services.api
      .get<ScreenStatus>('/api/v3/display/current-status', { signal: loader.signal })
      .then((r) => this.set(r.data))
      .catch(() => {});
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
    this.loader?.abort();
  }

  private set(s: ScreenStatus | null | undefined): void {
    const id = typeof s?.plugin_id === 'string' ? s.plugin_id : null;
    if (id === this.pluginId) return;
    this.pluginId = id;
    this.host.requestUpdate();
  }
}
