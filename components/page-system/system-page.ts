import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { statusView, type DeviceStatus } from './status-view.ts';

export const STATUS_REFRESH_MS = 10_000;

/** The actions offered, each with the question asked before it runs. */
export const ACTIONS = [
  {
    action: 'restart_service',
    label: 'Restart Marquee',
    ask: 'Restart Marquee? The panel and this page pause for a few seconds.',
  },
  {
    action: 'restart_display_service',
    label: 'Restart the display',
    ask: 'Restart the display? The panel goes dark for a moment.',
  },
  { action: 'reboot', label: 'Reboot', ask: 'Reboot the device? Marquee is back in about a minute.' },
  {
    action: 'shutdown',
    label: 'Shut down',
    ask: 'Shut the device down? It stays off until its power is cycled.',
    danger: true,
  },
] as const;

/**
 * System: the device's status, refreshed while open, and the service actions. Actions need
 * Marquee installed as a service; otherwise they are shown disabled with the reason.
 */
export class SystemPage extends ServicedElement {
  static properties = { busy: { state: true } };
  declare busy: string | null;
  private message = '';
  private error: ApiError | null = null;

  static styles = [
    base,
    pageStyles,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
      }
    `,
  ];

  private readonly status = new Resource<DeviceStatus>(this, {
    load: async (signal) => (await this.services.api.get<DeviceStatus>('/api/v3/system/status', { signal })).data,
    refreshMs: STATUS_REFRESH_MS,
  });

  constructor() {
    super();
    this.busy = null;
  }

  protected render() {
    return html`<div class="head">
        <h1>System</h1>
        <button type="button" @click=${() => this.status.reload()}>Refresh</button>
      </div>
      <section class="card" aria-labelledby="status-h">
        <h2 id="status-h">Device</h2>
        ${this.status.render({ loadingText: 'Reading the device…', done: statusView })}
      </section>
      <section class="card" aria-labelledby="actions-h" data-section="actions">
        <h2 id="actions-h">Restart and power</h2>
        ${this.renderActions()}
      </section>`;
  }

  private renderActions() {
    const service = this.status.value?.service;
    const disabled = !service?.installed || this.busy !== null;
    return html`${
        service && !service.installed
          ? html`<p class="muted" data-reason>Only when Marquee runs as the installed service: ${service.reason}.</p>`
          : nothing
      }
      <div class="actions">
        ${ACTIONS.map(
          (a) =>
            html`<button
              type="button"
              class=${'danger' in a ? 'danger' : ''}
              data-action=${a.action}
              ?disabled=${disabled}
              @click=${() => this.run(a.action, a.ask)}
            >
              ${a.label}
            </button>`,
        )}
      </div>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p role="status" class="muted">${this.message}</p>`;
  }

  private async run(action: string, ask: string) {
    if (!window.confirm(ask)) return;
    this.busy = action;
    this.error = null;
    this.message = '';
    try {
      const res = await this.services.api.post<{ returncode: number }>('/api/v3/system/action', { action });
      this.message = res.message ?? 'Done';
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.busy = null;
    }
  }
}

customElements.define('mq-page-system', SystemPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-system': SystemPage;
  }
}
