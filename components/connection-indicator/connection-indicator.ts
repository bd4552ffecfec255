import { LitElement, css, html, nothing } from 'lit';
import type { StreamState, StreamStatus } from '../lib/events.ts';
import type { EventHub } from '../lib/events.ts';
import { requestServices } from '../lib/services.ts';
import { base } from '../lib/styles.ts';

const TEXT: Record<StreamState, { short: string; long: string }> = {
  connecting: { short: 'Connecting', long: 'Connecting to live updates…' },
  open: { short: 'Live', long: 'Live updates connected' },
  reconnecting: { short: 'Reconnecting', long: 'Connection lost; reconnecting and catching up…' },
  unavailable: { short: 'Offline', long: 'Live updates unavailable; retrying' },
  closed: { short: 'Off', long: 'Live updates off' },
};

const DOWN = new Set<StreamState>(['reconnecting', 'unavailable']);

/**
 * The state of the page's event stream, as a dot and a word (the full sentence for screen readers
 * and on hover); while the server cannot be reached, a button tries again at once.
 */
export class ConnectionIndicator extends LitElement {
  static properties = { status: { state: true } };
  declare status: StreamStatus;
  private stopWatching: (() => void) | null = null;
  private hub: EventHub | null = null;

  static styles = [
    base,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: var(--mq-space-1);
      }
      .retry {
        min-height: 1.75rem;
        padding: 0.1rem 0.5rem;
        font-size: 0.85rem;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.85rem;
        padding: 0.1rem 0.6rem;
        border-radius: 999px;
        border: 1px solid var(--mq-border-strong);
        white-space: nowrap;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--mq-muted);
      }
      [data-state='open'] .dot {
        background: var(--mq-ok);
      }
      [data-state='reconnecting'] .dot,
      [data-state='connecting'] .dot {
        background: var(--mq-warn);
      }
      [data-state='unavailable'] .dot {
        background: var(--mq-danger);
      }
    `,
  ];

  constructor() {
    super();
    this.status = { state: 'connecting', retryAt: null, failures: 0 };
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.hub = requestServices(this).events;
    this.stopWatching = this.hub.watch((s) => (this.status = s));
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
    this.stopWatching = null;
    this.hub = null;
  }

  protected render() {
    const text = TEXT[this.status.state];
    return html`<span class="pill" data-state=${this.status.state} role="status" title=${text.long}>
        <span class="dot" aria-hidden="true"></span><span aria-hidden="true">${text.short}</span
        ><span class="visually-hidden">${text.long}</span>
      </span>
      ${
        DOWN.has(this.status.state)
          ? html`<button type="button" class="retry" @click=${() => this.hub?.retryNow()}>Retry now</button>`
          : nothing
      }`;
  }
}

customElements.define('mq-connection', ConnectionIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'mq-connection': ConnectionIndicator;
  }
}
