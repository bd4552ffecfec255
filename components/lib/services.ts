import type { ApiClient } from './api.ts';
import type { EventHub } from './events.ts';
import type { Route } from './router.ts';
import type { ThemeController } from './theme.ts';

/** What every view needs from the page, provided once by the shell. */
export interface Services {
  api: ApiClient;
  events: EventHub;
  navigate(route: Route): void;
  /** The colour theme of this browser (dark, light or following the system). */
  theme: ThemeController;
}

const REQUEST = 'mq-services';

class ServicesRequest extends Event {
  services: Services | null = null;
  constructor() {
    super(REQUEST, { bubbles: true, composed: true });
  }
}

/**
 * Answers service requests from any element below `host` (through shadow roots), the way a
 * context provider does. Returns the function that stops answering.
 */
export function provideServices(host: EventTarget, services: Services): () => void {
  const answer = (e: Event) => {
    (e as ServicesRequest).services = services;
    e.stopPropagation();
  };
  host.addEventListener(REQUEST, answer);
  return () => host.removeEventListener(REQUEST, answer);
}

/** The services of the nearest provider above `el`; call it once `el` is connected. */
export function requestServices(el: Element): Services {
  const req = new ServicesRequest();
  el.dispatchEvent(req);
  if (!req.services) throw new Error(`<${el.localName}> is not inside an element that provides services`);
  return req.services;
}
