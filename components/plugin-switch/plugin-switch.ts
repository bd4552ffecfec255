import { css, html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { asApiError, type ApiError } from '../lib/api.ts';
import { isFinished, operationError, type OperationView } from '../lib/operation-types.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { OperationUpdateEvent } from '../operation-progress/operation-progress.ts';
import { togglePlugin } from '../page-plugins/plugin-actions.ts';
import { PluginsStaleEvent } from '../page-plugins/plugin-events.ts';

/**
 * A plugin's on/off switch, wherever the plugin is shown (Plugins, the Store). Optimistic: it moves
 * at once and moves back, with the server's reason, if the server refuses; a toggle still running
 * (202) is followed through `op`, the page's newest toggle of this plugin.
 */
export class PluginSwitch extends ServicedElement {
  static properties = {
    pluginId: { attribute: 'plugin-id' },
    name: {},
    enabled: { type: Boolean },
    op: { attribute: false },
    wanted: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare pluginId: string;
  declare name: string;
  /** What the server last said. */
  declare enabled: boolean;
  declare op: OperationView | undefined;
  /** The position asked for and not yet confirmed (null: none pending). */
  declare wanted: boolean | null;
  declare busy: boolean;
  declare error: { what: string; error: ApiError } | null;
  private toggleOp: string | null = null;

  static styles = [
    base,
    css`
      :host {
        display: contents;
      }
      .switch {
        display: inline-flex;
        align-items: center;
        gap: var(--mq-space-2);
        cursor: pointer;
        white-space: nowrap;
      }
      .switch input {
        appearance: none;
        width: 2.6rem;
        height: 1.5rem;
        margin: 0;
        border-radius: 999px;
        background: var(--mq-surface-3);
        border: 1px solid var(--mq-border-strong);
        position: relative;
        cursor: pointer;
        flex: none;
      }
      .switch input::after {
        content: '';
        position: absolute;
        top: 2px;
        left: 2px;
        width: 1.1rem;
        height: 1.1rem;
        border-radius: 50%;
        background: var(--mq-text);
        transition: transform 0.12s;
      }
      .switch input:checked {
        background: var(--mq-ok);
        border-color: var(--mq-ok);
      }
      .switch input:checked::after {
        transform: translateX(1.1rem);
      }
      .switch[aria-busy='true'] {
        opacity: 0.7;
      }
      @media (prefers-reduced-motion: reduce) {
        .switch input::after {
          transition: none;
        }
      }
      .item-error {
        flex-basis: 100%;
        order: 10;
      }
      .error-intro {
        margin: 0 0 var(--mq-space-1);
        font-weight: 600;
      }
    `,
  ];

  constructor() {
    super();
    this.pluginId = '';
    this.name = '';
    this.enabled = false;
    this.wanted = null;
    this.busy = false;
    this.error = null;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('enabled') && this.wanted !== null && !this.busy && !this.toggleOp) {
      if (this.enabled === this.wanted) this.wanted = null;
    }
    const op = this.op;
    if (changed.has('op') && op && op.operation_id === this.toggleOp && isFinished(op)) {
      this.toggleOp = null;
      if (op.status !== 'completed') this.rollback(operationError(op));
      else if (this.enabled === this.wanted) this.wanted = null;
    }
  }

  protected render() {
    const on = this.wanted ?? this.enabled;
    return html`<label class="switch" aria-busy=${String(this.busy)}>
        <input
          type="checkbox"
          role="switch"
          aria-label=${`Enable ${this.name}`}
          .checked=${live(on)}
          @click=${this.guard}
          @change=${this.onChange}
        />
        <span class="state">${on ? 'On' : 'Off'}</span>
      </label>
      ${
        this.error
          ? html`<div class="item-error" data-action=${this.error.what}>
              <p class="error-intro">Could not ${this.error.what} ${this.name}:</p>
              <mq-error .error=${this.error.error}></mq-error>
            </div>`
          : nothing
      }`;
  }

  /** A second click while the first is on its way is ignored, so the requests never cross. */
  private guard(e: Event) {
    if (this.busy) e.preventDefault();
  }

  private async onChange(e: Event) {
    const want = (e.target as HTMLInputElement).checked;
    this.wanted = want;
    this.error = null;
    this.busy = true;
    try {
      const r = await togglePlugin(this.services.api, this.pluginId, want);
      if (r.op) {
        this.toggleOp = r.op.operation_id;
        this.dispatchEvent(new OperationUpdateEvent(r.op));
      } else {
        // The list may already show the new state (its reload can beat this answer).
        this.wanted = this.enabled === r.enabled ? null : r.enabled;
      }
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      this.rollback(asApiError(err));
    } finally {
      this.busy = false;
    }
  }

  private rollback(error: ApiError) {
    const was = this.wanted;
    this.wanted = null;
    this.error = { what: was ? 'enable' : 'disable', error };
  }
}

customElements.define('mq-plugin-switch', PluginSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'mq-plugin-switch': PluginSwitch;
  }
}
