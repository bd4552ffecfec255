import { html, nothing } from 'lit';
import { renderDuration, renderHandle, renderOrderButtons, renderUninstallDialog } from './item-parts.ts';
import { asApiError, type ApiError } from '../lib/api.ts';
import { icon, pluginIconOf } from '../lib/icons.ts';
import { isFinished, type OperationView } from '../lib/operation-types.ts';
import { pluginIconName } from '../lib/plugin-icon.ts';
import { problemText } from '../lib/problem-text.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { OperationUpdateEvent } from '../operation-progress/operation-progress.ts';
import '../live-preview/live-preview.ts';
import '../store-preview/store-preview.ts';
import { previewReasonText } from '../store-preview/preview-words.ts';
import './row-frame.ts';
import type { RowState, RowStream } from './row-stream.ts';
import '../plugin-switch/plugin-switch.ts';
import { itemStyles } from './item-styles.ts';
import { resetHealth, runLifecycle, saveDuration } from './plugin-actions.ts';
import { PluginMoveEvent, PluginsStaleEvent } from './plugin-events.ts';
import { versionLabel } from '../../shared/plugin-version.ts';
import { healthBadge, type InstalledPlugin, type PluginHealth } from './plugin-model.ts';

/** Operations whose progress a card shows (a toggle is quick; its outcome is the switch itself). */
const SHOWN_KINDS = new Set(['install', 'update', 'uninstall']);
const VERB: Readonly<Record<string, string>> = Object.freeze({
  install: 'Install',
  update: 'Update',
  uninstall: 'Remove',
});

/**
 * One installed plugin: its icon and name, enable switch, version and update badges, health,
 * rotation position (drag handle, arrow keys on the handle, or the up and down buttons), display
 * duration, and update / uninstall with their progress. Its picture box shows the plugin at the
 * panel's size: the live frame while it is on the panel, its frames drawn off screen while it
 * runs, its store preview (or the reason there is none) otherwise.
 */
export class PluginItem extends ServicedElement {
  static properties = {
    plugin: { attribute: false },
    health: { attribute: false },
    duration: { attribute: false },
    op: { attribute: false },
    toggle: { attribute: false },
    position: { type: Number },
    count: { type: Number },
    dragging: { type: Boolean, reflect: true },
    live: { type: Boolean, reflect: true },
    rows: { attribute: false },
    rowState: { attribute: 'row-state', reflect: true },
    drop: { reflect: true },
    busy: { state: true },
    error: { state: true },
    durationProblem: { state: true },
    note: { state: true },
  };
  declare plugin: InstalledPlugin;
  declare health: PluginHealth | undefined;
  declare duration: number | null;
  /** The newest install, update or uninstall of this plugin. */
  declare op: OperationView | undefined;
  /** The newest toggle of this plugin (for its switch). */
  declare toggle: OperationView | undefined;
  declare position: number;
  declare count: number;
  declare dragging: boolean;
  /** The plugin is on the panel now: its artwork box shows the live frame. */
  declare live: boolean;
  /** The page's stream of row frames (the plugins off screen). */
  declare rows: RowStream | null;
  /** Whether its host draws it now (`running`), or why not (row-stream.ts). */
  declare rowState: RowState;
  declare drop: '' | 'before' | 'after';
  declare busy: '' | 'update' | 'uninstall' | 'reset' | 'duration';
  declare error: { what: string; error: ApiError } | null;
  declare durationProblem: string;
  declare note: string;

  static styles = [base, itemStyles];

  constructor() {
    super();
    this.duration = null;
    this.position = 0;
    this.count = 1;
    this.dragging = false;
    this.live = false;
    this.rows = null;
    this.rowState = 'unknown';
    this.drop = '';
    this.busy = '';
    this.error = null;
    this.durationProblem = '';
    this.note = '';
  }

  private get name(): string {
    return this.plugin.name || this.plugin.id;
  }

  /** Puts focus back on a control after the card moved (moving a node in the DOM drops focus). */
  focusControl(which: 'up' | 'down' | 'handle'): void {
    if (which === 'handle') return void this.renderRoot.querySelector<HTMLElement>('.handle')?.focus();
    const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.order button');
    const [up, down] = [buttons[0], buttons[1]];
    const target = which === 'up' ? (up?.disabled ? down : up) : down?.disabled ? up : down;
    target?.focus();
  }

  protected render() {
    const p = this.plugin;
    const badge = healthBadge(p, this.health);
    const op = this.op && SHOWN_KINDS.has(this.op.operation_type) ? this.op : undefined;
    return html`<article class="item" data-plugin=${p.id} data-enabled=${String(p.enabled)}>
      <div class="top">
        ${renderHandle(this.name, this.position, this.count, (to, focus) => this.moveTo(to, focus))}
        <div class="art live">${this.renderPicture()}</div>
        <div class="title">
          <h2 class="name">${this.name}</h2>
          <span class="muted summary">${p.description}</span>
        </div>
        <mq-plugin-switch
          plugin-id=${p.id}
          .name=${this.name}
          ?enabled=${p.enabled}
          .op=${this.toggle}
        ></mq-plugin-switch>
      </div>
      <div class="badges">
        <span class="badge version">${versionLabel(p.version)}</span>
        ${p.update_available ? html`<span class="badge warn update">Update: ${p.latest_version}</span>` : nothing}
        <span class="badge health ${badge.level}">${badge.text}</span>
        ${p.verified ? html`<span class="badge ok">${icon('verified')}Verified</span>` : nothing}
        ${p.local_only ? html`<span class="badge">Local</span>` : nothing}
      </div>
      ${badge.detail ? html`<p class="health-detail muted">Last error: ${badge.detail}</p>` : nothing}
      <div class="controls">${this.renderControls(badge.resettable)}</div>
      ${op ? html`<mq-op-progress .op=${op} label=${`${VERB[op.operation_type] ?? ''} ${this.name}`}></mq-op-progress>` : nothing}
      ${this.note ? html`<p class="saved" role="status">${this.note}</p>` : nothing}
      ${
        this.error
          ? html`<div class="item-error" data-action=${this.error.what}>
              <p class="error-intro">Could not ${this.error.what} ${this.name}:</p>
              <mq-error .error=${this.error.error}></mq-error>
            </div>`
          : nothing
      }
      ${renderUninstallDialog(this.name, (e) => this.onDialogClose(e))}
    </article>`;
  }

  /**
   * A picture of the plugin at the panel's size: the panel's own frames while it is on screen, its
   * frames drawn off screen while its host runs it, else its store preview (or why there is none).
   */
  private renderPicture() {
    const p = this.plugin;
    if (this.live) return html`<mq-preview label=${`Live frame of ${this.name}`}></mq-preview>`;
    const drawn = this.rowState === 'running' || (this.rowState === 'unknown' && p.enabled);
    if (drawn)
      return html`<mq-row-frame
        plugin-id=${p.id}
        label=${`Frame of ${this.name}`}
        .stream=${this.rows}
      ></mq-row-frame>`;
    const art = pluginIconOf(pluginIconName(p.icon, p.category));
    // A plugin no registry lists (a local one) has no store entry to draw: not asked for.
    if (p.latest_version === null)
      return html`<div class="no-preview">
        ${art}
        <p class="why" role="status">${previewReasonText('not in the store')}</p>
      </div>`;
    return html`<mq-store-preview plugin-id=${p.id} name=${this.name} caption="preview">${art}</mq-store-preview>`;
  }

  private renderControls(resettable: boolean) {
    const p = this.plugin;
    const running = !!this.op && !isFinished(this.op) && SHOWN_KINDS.has(this.op.operation_type);
    return html`${renderOrderButtons(this.name, this.position, this.count, (d) => this.move(d))}
      ${renderDuration(this.duration, this.durationProblem, (e) => void this.onDuration(e))}
      <a class="button-link" href="#/plugins/${encodeURIComponent(p.id)}">${icon('sliders')}Settings</a>
      ${
        p.update_available
          ? html`<button type="button" class="update" ?disabled=${running || !!this.busy} @click=${this.onUpdate}>
              ${icon('update')}Update to ${p.latest_version}
            </button>`
          : nothing
      }
      ${
        resettable
          ? html`<button type="button" class="reset" ?disabled=${!!this.busy} @click=${this.onReset}>
              ${icon('reset')}Reset breaker
            </button>`
          : nothing
      }
      <button type="button" class="uninstall danger" ?disabled=${running || !!this.busy} @click=${this.askUninstall}>
        ${icon('trash')}Uninstall
      </button>`;
  }

  private move(delta: number) {
    this.moveTo(this.position + delta, delta < 0 ? 'up' : 'down');
  }

  private moveTo(to: number, focus: 'up' | 'down' | 'handle') {
    this.dispatchEvent(new PluginMoveEvent(this.plugin.id, to, focus));
  }

  private async onDuration(e: Event) {
    const raw = (e.target as HTMLInputElement).value.trim();
    this.durationProblem = '';
    this.note = '';
    this.error = null;
    this.busy = 'duration';
    try {
      await saveDuration(this.services.api, this.plugin.id, raw === '' ? null : Number(raw));
      this.note = 'Display duration saved';
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      const error = asApiError(err);
      const problem = error.problems.find((p) => /(^|\.)display_duration$/.test(p.field));
      if (problem) this.durationProblem = problemText(problem, 'Display duration');
      else this.error = { what: 'save the display duration of', error };
    } finally {
      this.busy = '';
    }
  }

  private async onUpdate() {
    await this.lifecycle('update', { plugin_id: this.plugin.id });
  }

  private askUninstall() {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private onDialogClose(e: Event) {
    const dialog = e.target as HTMLDialogElement;
    const keep = (dialog.querySelector('input[name="keep"]') as HTMLInputElement).checked;
    if (dialog.returnValue === 'uninstall')
      void this.lifecycle('uninstall', { plugin_id: this.plugin.id, preserve_config: keep });
    dialog.returnValue = '';
  }

  private async lifecycle(kind: 'update' | 'uninstall', body: { plugin_id: string; preserve_config?: boolean }) {
    this.busy = kind;
    this.error = null;
    this.note = '';
    try {
      const op = await runLifecycle(this.services.api, kind, body);
      this.dispatchEvent(new OperationUpdateEvent(op));
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      this.error = { what: kind, error: asApiError(err) };
    } finally {
      this.busy = '';
    }
  }

  private async onReset() {
    this.busy = 'reset';
    this.error = null;
    try {
      await resetHealth(this.services.api, this.plugin.id);
      this.note = 'Breaker closed; the plugin runs again on its next turn';
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      this.error = { what: 'reset the breaker of', error: asApiError(err) };
    } finally {
      this.busy = '';
    }
  }
}

customElements.define('mq-plugin-item', PluginItem);

declare global {
  interface HTMLElementTagNameMap {
    'mq-plugin-item': PluginItem;
  }
}
