import { html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { renderDuration, renderOrderButtons, renderUninstallDialog } from './item-parts.ts';
import { asApiError, type ApiError } from '../lib/api.ts';
import { isFinished, operationError, type OperationView } from '../lib/operation-types.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { OperationUpdateEvent } from '../operation-progress/operation-progress.ts';
import { itemStyles } from './item-styles.ts';
import { resetHealth, runLifecycle, saveDuration, togglePlugin } from './plugin-actions.ts';
import { PluginMoveEvent, PluginsStaleEvent } from './plugin-events.ts';
import { healthBadge, type InstalledPlugin, type PluginHealth } from './plugin-model.ts';

/** Operations whose progress a card shows (a toggle is quick; its outcome is the switch itself). */
const SHOWN_KINDS = new Set(['install', 'update', 'uninstall']);

/**
 * One installed plugin: enable switch (optimistic: it moves at once and moves back, with the
 * server's reason, if the server refuses), version and update badges, health, rotation position,
 * display duration, and update / uninstall with their progress.
 */
export class PluginItem extends ServicedElement {
  static properties = {
    plugin: { attribute: false },
    health: { attribute: false },
    duration: { attribute: false },
    op: { attribute: false },
    position: { type: Number },
    count: { type: Number },
    dragging: { type: Boolean, reflect: true },
    drop: { reflect: true },
    wanted: { state: true },
    busy: { state: true },
    error: { state: true },
    durationProblem: { state: true },
    note: { state: true },
  };
  declare plugin: InstalledPlugin;
  declare health: PluginHealth | undefined;
  declare duration: number | null;
  declare op: OperationView | undefined;
  declare position: number;
  declare count: number;
  declare dragging: boolean;
  declare drop: '' | 'before' | 'after';
  /** The switch position asked for and not yet confirmed by a reload (null: none pending). */
  declare wanted: boolean | null;
  declare busy: '' | 'toggle' | 'update' | 'uninstall' | 'reset' | 'duration';
  declare error: { what: string; error: ApiError } | null;
  declare durationProblem: string;
  declare note: string;
  private toggleOp: string | null = null;

  static styles = [base, itemStyles];

  constructor() {
    super();
    this.duration = null;
    this.position = 0;
    this.count = 1;
    this.dragging = false;
    this.drop = '';
    this.wanted = null;
    this.busy = '';
    this.error = null;
    this.durationProblem = '';
    this.note = '';
  }

  /** Puts focus back on a control after the card moved (moving a node in the DOM drops focus). */
  focusControl(which: 'up' | 'down'): void {
    const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.order button');
    const [up, down] = [buttons[0], buttons[1]];
    const target = which === 'up' ? (up?.disabled ? down : up) : down?.disabled ? up : down;
    target?.focus();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plugin') && this.wanted !== null && this.busy !== 'toggle' && !this.toggleOp) {
      if (this.plugin.enabled === this.wanted) this.wanted = null;
    }
    const op = this.op;
    if (changed.has('op') && op && op.operation_id === this.toggleOp && isFinished(op)) {
      this.toggleOp = null;
      if (op.status !== 'completed') this.rollback(operationError(op));
      else if (this.plugin.enabled === this.wanted) this.wanted = null;
    }
  }

  protected render() {
    const p = this.plugin;
    const on = this.wanted ?? p.enabled;
    const badge = healthBadge(p, this.health);
    const op = this.op && SHOWN_KINDS.has(this.op.operation_type) ? this.op : undefined;
    return html`<article class="item" data-plugin=${p.id} data-enabled=${String(on)}>
      <div class="top">
        <span class="handle" aria-hidden="true" title="Drag to reorder">⠿</span>
        <div class="title">
          <h2 class="name">${p.name || p.id}</h2>
          <span class="muted id">${p.id}</span>
        </div>
        <label class="switch" aria-busy=${this.busy === 'toggle' ? 'true' : 'false'}>
          <input
            type="checkbox"
            role="switch"
            aria-label=${`Enable ${p.name || p.id}`}
            .checked=${live(on)}
            @click=${this.guardToggle}
            @change=${this.onToggle}
          />
          <span class="state">${on ? 'Enabled' : 'Disabled'}</span>
        </label>
      </div>
      <div class="badges">
        <span class="badge version">${p.version ? `v${p.version}` : 'no version'}</span>
        ${p.update_available ? html`<span class="badge warn update">Update: ${p.latest_version}</span>` : nothing}
        <span class="badge health ${badge.level}">${badge.text}</span>
        ${p.verified ? html`<span class="badge ok">Verified</span>` : nothing}
        ${p.local_only ? html`<span class="badge">Local</span>` : nothing}
      </div>
      ${badge.detail ? html`<p class="health-detail muted">Last error: ${badge.detail}</p>` : nothing}
      <div class="controls">${this.renderControls(badge.resettable)}</div>
      ${op ? html`<mq-op-progress .op=${op} label=${`${op.operation_type} ${p.id}`}></mq-op-progress>` : nothing}
      ${this.note ? html`<p class="saved" role="status">${this.note}</p>` : nothing}
      ${
        this.error
          ? html`<div class="item-error" data-action=${this.error.what}>
              <p class="error-intro">Could not ${this.error.what} ${p.name || p.id}:</p>
              <mq-error .error=${this.error.error}></mq-error>
            </div>`
          : nothing
      }
      ${renderUninstallDialog(p.name || p.id, (e) => this.onDialogClose(e))}
    </article>`;
  }

  private renderControls(resettable: boolean) {
    const p = this.plugin;
    const name = p.name || p.id;
    const running = !!this.op && !isFinished(this.op) && SHOWN_KINDS.has(this.op.operation_type);
    return html`${renderOrderButtons(name, this.position, this.count, (d) => this.move(d))}
      ${renderDuration(this.duration, this.durationProblem, (e) => void this.onDuration(e))}
      <a href="#/plugins/${encodeURIComponent(p.id)}">Settings</a>
      ${
        p.update_available
          ? html`<button type="button" class="update" ?disabled=${running || !!this.busy} @click=${this.onUpdate}>
              Update to ${p.latest_version}
            </button>`
          : nothing
      }
      ${
        resettable
          ? html`<button type="button" class="reset" ?disabled=${!!this.busy} @click=${this.onReset}>
              Reset breaker
            </button>`
          : nothing
      }
      <button type="button" class="uninstall danger" ?disabled=${running || !!this.busy} @click=${this.askUninstall}>
        Uninstall
      </button>`;
  }

  private move(delta: number) {
    this.dispatchEvent(new PluginMoveEvent(this.plugin.id, this.position + delta, delta < 0 ? 'up' : 'down'));
  }

  /** A second click while the first is on its way is ignored, so the requests never cross. */
  private guardToggle(e: Event) {
    if (this.busy === 'toggle') e.preventDefault();
  }

  private async onToggle(e: Event) {
    const want = (e.target as HTMLInputElement).checked;
    this.wanted = want;
    this.error = null;
    this.note = '';
    this.busy = 'toggle';
    try {
      const r = await togglePlugin(this.services.api, this.plugin.id, want);
      if (r.op) {
        this.toggleOp = r.op.operation_id;
        this.dispatchEvent(new OperationUpdateEvent(r.op));
      } else {
        // The list may already show the new state (its reload can beat this answer).
        this.wanted = this.plugin.enabled === r.enabled ? null : r.enabled;
      }
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      this.rollback(asApiError(err));
    } finally {
      this.busy = '';
    }
  }

  private rollback(error: ApiError) {
    const was = this.wanted;
    this.wanted = null;
    this.error = { what: was ? 'enable' : 'disable', error };
  }

  private async onDuration(e: Event) {
    const raw = (e.target as HTMLInputElement).value.trim();
    this.durationProblem = '';
    this.note = '';
    this.error = null;
    this.busy = 'duration';
    try {
      const message = await saveDuration(this.services.api, this.plugin.id, raw === '' ? null : Number(raw));
      this.note = message ?? 'Duration saved';
      this.dispatchEvent(new PluginsStaleEvent());
    } catch (err) {
      const error = asApiError(err);
      const problem = error.problems.find((p) => /(^|\.)display_duration$/.test(p.field));
      if (problem) this.durationProblem = problem.message;
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
