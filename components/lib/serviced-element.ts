import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ServerEvent, Unsubscribe } from './events.ts';
import { requestServices, type Services } from './services.ts';

/**
 * A view that uses the page's services. They are looked up on connect, before any controller
 * starts, so a Resource's first load can already call the API.
 */
export class ServicedElement extends LitElement {
  declare services: Services;

  connectedCallback(): void {
    this.services = requestServices(this);
    super.connectedCallback();
  }
}

/**
 * Event-stream subscriptions that live exactly as long as the host is connected: made on connect,
 * released on disconnect. A view never subscribes any other way.
 */
export class EventSubscription implements ReactiveController {
  private stops: Unsubscribe[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & ServicedElement,
    private readonly types: readonly string[],
    private readonly onEvent: (event: ServerEvent) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stops = this.types.map((t) => this.host.services.events.subscribe(t, this.onEvent));
  }

  hostDisconnected(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
