import { html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { icon, pluginIconOf } from '../lib/icons.ts';
import { isFinished, operationOf, type OperationView } from '../lib/operation-types.ts';
import { pluginIconName } from '../lib/plugin-icon.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { OperationUpdateEvent } from '../operation-progress/operation-progress.ts';
import '../plugin-switch/plugin-switch.ts';
import '../store-preview/store-preview.ts';
import type { InstalledPlugin } from '../page-plugins/plugin-model.ts';
import { showNow } from './show-now.ts';
import type { StoreEntry } from './store-model.ts';
import { notRunnable, runtimeBadge } from './store-parts.ts';
import { storeStyles } from './store-styles.ts';
import { isUnknownVersion, versionLabel } from '../../shared/plugin-version.ts';

/** Pick a tag as the filter (a tag on a card is a shortcut to the tag menu). */
export class TagPickEvent extends CustomEvent<string> {
  constructor(tag: string) {
    super('mq-tag-pick', { detail: tag, bubbles: true, composed: true });
  }
}

const VERB: Readonly<Record<string, string>> = Object.freeze({
  install: 'Install',
  update: 'Update',
  uninstall: 'Remove',
});

/** What the install that just ran left: on, or installed and off (its settings need something first). */
const enabledBy = (op: OperationView | undefined): boolean | null => {
  if (op?.operation_type !== 'install' || op.status !== 'completed') return null;
  const r = op.result as { enabled?: unknown } | null;
  return typeof r?.enabled === 'boolean' ? r.enabled : null;
};

const enableError = (op: OperationView): string => String((op.result as { enable_error?: unknown }).enable_error ?? '');

/**
 * One plugin of the store. Install puts it on the panel in one click (installed and switched on in
 * one operation, its stages shown in words), then offers "Show now"; an installed plugin keeps its
 * switch, settings and update right here. The artwork box shows the plugin drawn by the server
 * at this panel's size, its icon until then, and in words why when it cannot be drawn.
 */
export class StoreItem extends ServicedElement {
  static properties = {
    entry: { attribute: false },
    installed: { attribute: false },
    op: { attribute: false },
    toggle: { attribute: false },
    busy: { state: true },
    error: { state: true },
    shown: { state: true },
  };
  declare entry: StoreEntry;
  declare installed: InstalledPlugin | undefined;
  /** The newest install or update of this plugin the page follows. */
  declare op: OperationView | undefined;
  /** The newest toggle of this plugin (for its switch). */
  declare toggle: OperationView | undefined;
  declare busy: boolean;
  declare error: { what: string; error: ApiError } | null;
  /** What "Show now" answered. */
  declare shown: string;

  static styles = [base, storeStyles];

  constructor() {
    super();
    this.busy = false;
    this.error = null;
    this.shown = '';
  }

  private get name(): string {
    return this.entry.name || this.entry.id;
  }

  protected render() {
    const e = this.entry;
    const inst = this.installed;
    const state = !inst ? 'available' : inst.update_available ? 'update' : 'installed';
    return html`<article class="item" data-plugin=${e.id} data-state=${state}>
      <div class="art">
        <mq-store-preview plugin-id=${e.id} .name=${this.name}
          >${pluginIconOf(pluginIconName(e.icon, e.category))}</mq-store-preview
        >
      </div>
      <div class="body">
        <div class="top">
          <h2>${this.name}</h2>
          <div class="badges">
            ${runtimeBadge(e)}
            ${e.verified ? html`<span class="badge ok verified">${icon('verified')}Verified</span>` : nothing}
            ${e.latest_version ? html`<span class="badge version">v${e.latest_version}</span>` : nothing}
            ${inst ? html`<span class="badge ok installed">Installed${isUnknownVersion(inst.version) ? '' : ` ${versionLabel(inst.version)}`}</span>` : nothing}
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
                @click=${() => this.dispatchEvent(new TagPickEvent(t))}
              >
                #${t}
              </button>`,
          )}
        </p>
        <div class="actions">${inst ? this.renderInstalled(inst) : this.renderInstall()}</div>
        ${this.renderOutcome()}
        ${
          this.error
            ? html`<div class="item-error">
                <p class="error-intro">Could not ${this.error.what} ${this.name}:</p>
                <mq-error .error=${this.error.error}></mq-error>
              </div>`
            : nothing
        }
      </div>
    </article>`;
  }

  private running(): boolean {
    return !!this.op && !isFinished(this.op);
  }

  private renderInstall() {
    if (this.running()) return nothing;
    if (this.entry.runnable === false) return notRunnable(this.entry);
    return html`<button
      type="button"
      class="primary install"
      aria-label=${`Install ${this.name}`}
      ?disabled=${this.busy}
      @click=${() => this.run('install')}
    >
      ${icon('download')}Install
    </button>`;
  }

  private renderInstalled(inst: InstalledPlugin) {
    return html`<mq-plugin-switch
        plugin-id=${inst.id}
        .name=${this.name}
        ?enabled=${inst.enabled}
        .op=${this.toggle}
      ></mq-plugin-switch>
      <a class="button-link" href="#/plugins/${encodeURIComponent(inst.id)}">${icon('sliders')}Settings</a>
      ${
        inst.update_available
          ? html`<button
              type="button"
              class="update"
              ?disabled=${this.running() || this.busy}
              @click=${() => this.run('update')}
            >
              ${icon('update')}Update to ${inst.latest_version}
            </button>`
          : nothing
      }`;
  }

  /** The operation as it runs, then what it left: on the panel, or installed but off and why. */
  private renderOutcome() {
    const op = this.op;
    if (!op) return nothing;
    const label = `${VERB[op.operation_type] ?? 'Install'} ${this.name}`;
    const on = enabledBy(op);
    if (on === null || !this.installed) return html`<mq-op-progress .op=${op} label=${label}></mq-op-progress>`;
    if (!on) {
      return html`<div class="outcome warn" role="status">
        <p>${icon('warn')} Installed, but not switched on: ${enableError(op)}</p>
        <p><a href="#/plugins/${encodeURIComponent(this.entry.id)}">Open its settings</a> to fill in what it needs.</p>
      </div>`;
    }
    return html`<div class="outcome ok-box" role="status">
      <p class="next">${icon('ok')}On your panel next</p>
      <button type="button" class="show-now" ?disabled=${this.busy} @click=${this.showNow}>
        ${icon('play')}Show now
      </button>
      ${this.shown ? html`<span class="muted">${this.shown}</span>` : nothing}
    </div>`;
  }

  private async run(kind: 'install' | 'update') {
    this.busy = true;
    this.error = null;
    this.shown = '';
    try {
      const body = kind === 'install' ? { plugin_id: this.entry.id, enable: true } : { plugin_id: this.entry.id };
      const res = await this.services.api.post<unknown>(`/api/v3/plugins/${kind}`, body);
      this.dispatchEvent(new OperationUpdateEvent(operationOf(res.data, this.entry.id, kind)));
    } catch (err) {
      this.error = { what: kind, error: asApiError(err) };
    } finally {
      this.busy = false;
    }
  }

  private readonly showNow = async () => {
    this.busy = true;
    this.error = null;
    try {
      this.shown = await showNow(this.services.api, this.entry.id);
    } catch (err) {
      this.error = { what: 'show', error: asApiError(err) };
    } finally {
      this.busy = false;
    }
  };
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
