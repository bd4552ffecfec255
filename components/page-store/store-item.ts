import { html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { isFinished, operationOf, type OperationView } from '../lib/operation-types.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { OperationUpdateEvent } from '../operation-progress/operation-progress.ts';
import type { InstalledPlugin } from '../page-plugins/plugin-model.ts';
import type { StoreEntry } from './store-model.ts';
import { storeStyles } from './store-styles.ts';

/** Pick a tag as the filter (a tag on a card is a shortcut to the tag menu). */
export class TagPickEvent extends CustomEvent<string> {
  constructor(tag: string) {
    super('mq-tag-pick', { detail: tag, bubbles: true, composed: true });
  }
}

/**
 * One plugin of the store: what it is, whether it is verified, installed or has an update, and
 * Install / Update with live progress (stages, percent, Cancel) and, when it fails, the server's
 * error with its suggested fixes.
 */
export class StoreItem extends ServicedElement {
  static properties = {
    entry: { attribute: false },
    installed: { attribute: false },
    op: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };
  declare entry: StoreEntry;
  declare installed: InstalledPlugin | undefined;
  declare op: OperationView | undefined;
  declare busy: boolean;
  declare error: { what: string; error: ApiError } | null;

  static styles = [base, storeStyles];

  constructor() {
    super();
    this.busy = false;
    this.error = null;
  }

  protected render() {
    const e = this.entry;
    const inst = this.installed;
    const state = !inst ? 'available' : inst.update_available ? 'update' : 'installed';
    return html`<article class="item" data-plugin=${e.id} data-state=${state}>
      <div class="top">
        <h2>${e.name || e.id}</h2>
        <div class="badges">
          ${e.verified ? html`<span class="badge ok verified">Verified</span>` : nothing}
          ${e.latest_version ? html`<span class="badge version">v${e.latest_version}</span>` : nothing}
          ${inst ? html`<span class="badge ok installed">Installed${inst.version ? ` v${inst.version}` : ''}</span>` : nothing}
          ${inst?.update_available ? html`<span class="badge warn update">Update available</span>` : nothing}
        </div>
      </div>
      <p>${e.description}</p>
      <p class="meta muted">
        ${e.author ? html`by ${e.author} · ` : nothing}${e.category}
        ${(e.tags ?? []).map(
          (t) =>
            html` <button
              type="button"
              class="tag"
              aria-label=${`Show plugins tagged ${t}`}
              @click=${() => this.pickTag(t)}
            >
              #${t}
            </button>`,
        )}
      </p>
      <div class="actions">${this.renderActions(inst)}</div>
      ${this.op ? html`<mq-op-progress .op=${this.op} label=${`${this.op.operation_type} ${e.id}`}></mq-op-progress>` : nothing}
      ${
        this.error
          ? html`<div class="item-error">
              <p class="error-intro">Could not ${this.error.what} ${e.name || e.id}:</p>
              <mq-error .error=${this.error.error}></mq-error>
            </div>`
          : nothing
      }
    </article>`;
  }

  private renderActions(inst: InstalledPlugin | undefined) {
    const running = !!this.op && !isFinished(this.op);
    const name = this.entry.name || this.entry.id;
    if (!inst) {
      return html`<button
        type="button"
        class="primary install"
        aria-label=${`Install ${name}`}
        ?disabled=${running || this.busy}
        @click=${() => this.run('install')}
      >
        ${running ? 'Installing…' : 'Install'}
      </button>`;
    }
    return html`${
        inst.update_available
          ? html`<button
              type="button"
              class="update"
              ?disabled=${running || this.busy}
              @click=${() => this.run('update')}
            >
              Update to ${inst.latest_version}
            </button>`
          : nothing
      } <a href="#/plugins">Manage in Plugins</a>`;
  }

  private pickTag(tag: string) {
    this.dispatchEvent(new TagPickEvent(tag));
  }

  private async run(kind: 'install' | 'update') {
    this.busy = true;
    this.error = null;
    try {
      const res = await this.services.api.post<unknown>(`/api/v3/plugins/${kind}`, { plugin_id: this.entry.id });
      this.dispatchEvent(new OperationUpdateEvent(operationOf(res.data, this.entry.id, kind)));
    } catch (err) {
      this.error = { what: kind, error: asApiError(err) };
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('mq-store-item', StoreItem);

declare global {
  interface HTMLElementTagNameMap {
    'mq-store-item': StoreItem;
  }
  interface HTMLElementEventMap {
    'mq-tag-pick': TagPickEvent;
  }
}
