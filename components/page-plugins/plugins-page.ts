import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { asApiError, isAbort, type ApiError } from '../lib/api.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { OperationWatch } from '../lib/operation-watch.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { Soon } from '../lib/soon.ts';
import { base } from '../lib/styles.ts';
import '../operation-progress/operation-progress.ts';
import { icon } from '../lib/icons.ts';
import { runLifecycle, saveRotation } from './plugin-actions.ts';
import type { PluginMoveEvent } from './plugin-events.ts';
import './plugin-item.ts';
import type { PluginItem } from './plugin-item.ts';
import {
  durationOf,
  installedList,
  moveTo,
  rotationOrder,
  type InstalledPlugin,
  type PluginHealth,
} from './plugin-model.ts';
import { OnScreen } from './on-screen.ts';
import { RowStream } from './row-stream.ts';
import { RotationDrag } from './rotation-drag.ts';

const LIFECYCLE = ['install', 'update', 'uninstall'];

interface PluginsView {
  plugins: InstalledPlugin[];
  health: Record<string, PluginHealth>;
  /** The health endpoint failed: the list still shows, with this said once above it. */
  healthError: ApiError | null;
  config: Record<string, unknown>;
  configError: ApiError | null;
  order: string[];
}

/** A second source the page can live without: its failure is shown, not fatal. */
async function optional<T>(p: Promise<{ data: T }>, fallback: T): Promise<[T, ApiError | null]> {
  try {
    return [(await p).data, null];
  } catch (e) {
    if (isAbort(e)) throw e;
    return [fallback, asApiError(e)];
  }
}

/**
 * Plugins: every installed plugin in rotation order, each with its switch, badges, duration and
 * actions. Reordering (drag or arrows) is saved to `display.plugin_rotation_order` at once and
 * undone if the save fails. Kept current by `plugin.changed` and the operations' events.
 */
export class PluginsPage extends ServicedElement {
  static properties = {
    pendingOrder: { state: true },
    orderError: { state: true },
    orderNote: { state: true },
    updating: { state: true },
    updateErrors: { state: true },
  };
  /** The order being saved (shown until the reload confirms it). */
  declare pendingOrder: string[] | null;
  declare orderError: ApiError | null;
  declare orderNote: string;
  /** "Update all" is sending its requests. */
  declare updating: boolean;
  declare updateErrors: Array<{ name: string; error: ApiError }>;

  static styles = [
    base,
    pageStyles,
    css`
      .rotation {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--mq-space-2);
      }
      .section-error {
        margin-bottom: var(--mq-space-2);
      }
      .head-actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: center;
      }
    `,
  ];

  private readonly plugins = new Resource<PluginsView>(this, {
    load: (signal) => this.load(signal),
    isEmpty: (v) => v.plugins.length === 0,
  });
  private readonly soon = new Soon(this, () => void this.plugins.reload());
  private readonly ops = new OperationWatch(this, {
    kinds: ['install', 'update', 'uninstall', 'toggle'],
    onFinished: () => this.soon.request(),
  });
  private readonly screen = new OnScreen(this);
  private readonly rows = new RowStream(this);
  private readonly drag = new RotationDrag(
    this,
    () => [...this.renderRoot.querySelectorAll<PluginItem>('mq-plugin-item')],
    (id, to) => void this.reorder(id, to),
  );

  constructor() {
    super();
    this.pendingOrder = null;
    this.orderError = null;
    this.orderNote = '';
    this.updating = false;
    this.updateErrors = [];
    new EventSubscription(this, [EVENT_TYPES.pluginChanged, 'resync'], this.soon.request);
    this.addEventListener('mq-plugins-stale', this.soon.request);
    this.addEventListener('mq-operation-update', (e) => this.ops.track(e.detail));
    this.addEventListener('mq-plugin-move', (e) => void this.onMove(e));
  }

  private async load(signal: AbortSignal): Promise<PluginsView> {
    const { api } = this.services;
    const [installed, [health, healthError], [config, configError]] = await Promise.all([
      api.get('/api/v3/plugins/installed', { signal }),
      optional(api.get<Record<string, PluginHealth>>('/api/v3/plugins/health', { signal }), {}),
      optional(api.get<Record<string, unknown>>('/api/v3/config/main', { signal }), {}),
    ]);
    const plugins = installedList(installed.data);
    const display = (config as { display?: { plugin_rotation_order?: unknown } }).display;
    const order = rotationOrder(
      plugins.map((p) => p.id),
      display?.plugin_rotation_order,
    );
    return { plugins, health, healthError, config, configError, order };
  }

  protected render() {
    const outdated = (this.plugins.value?.plugins ?? []).filter((p) => p.update_available);
    return html`<div class="head">
        <h1>Plugins</h1>
        <div class="head-actions">
          ${
            outdated.length
              ? html`<button
                  type="button"
                  class="primary update-all"
                  ?disabled=${this.updating}
                  @click=${() => this.updateAll(outdated)}
                >
                  ${icon('update')}Update all (${outdated.length})
                </button>`
              : nothing
          }
          <a href="#/store">Find more in the Store</a>
        </div>
      </div>
      ${this.updateErrors.map(
        (u) =>
          html`<div class="section-error update-error">
            <p>Could not update ${u.name}:</p>
            <mq-error .error=${u.error}></mq-error>
          </div>`,
      )}
      <p class="muted">
        Plugins that are on take turns on the panel in this order. Drag a card by its handle, or focus the handle and
        use the arrow keys, to change it.
      </p>
      <p class="order-note saved" role="status">${this.orderNote}</p>
      ${
        this.orderError
          ? html`<div class="section-error order-error">
              <p>Could not save the rotation order; it is back as it was.</p>
              <mq-error .error=${this.orderError}></mq-error>
            </div>`
          : nothing
      }
      ${this.plugins.render({
        loadingText: 'Loading installed plugins…',
        empty: () => html`<p class="empty">No plugins installed yet. <a href="#/store">Find some in the Store.</a></p>`,
        done: (v) => this.renderList(v),
      })}`;
  }

  private renderList(v: PluginsView) {
    const byId = new Map(v.plugins.map((p) => [p.id, p]));
    const ordered = (this.pendingOrder ?? v.order).map((id) => byId.get(id)).filter((p) => !!p);
    return html`${this.sectionError('Plugin health is unavailable', 'health-error', v.healthError)}
      ${this.sectionError('The rotation order and durations could not be read', 'config-error', v.configError)}
      <ol
        class="rotation"
        aria-label="Rotation order"
        @pointerdown=${this.drag.down}
        @pointermove=${this.drag.move}
        @pointerup=${this.drag.up}
        @pointercancel=${this.drag.cancel}
        @lostpointercapture=${this.drag.cancel}
      >
        ${repeat(
          ordered,
          (p) => p.id,
          (p, i) =>
            html`<li>
              <mq-plugin-item
                .plugin=${p}
                .health=${v.health[p.id]}
                .duration=${durationOf(v.config, p.id)}
                .op=${this.ops.latestFor(p.id, LIFECYCLE)}
                .toggle=${this.ops.latestFor(p.id, ['toggle'])}
                .position=${i}
                .count=${ordered.length}
                ?live=${this.screen.pluginId === p.id}
                .rows=${this.rows}
                row-state=${this.rows.stateOf(p.id)}
              ></mq-plugin-item>
            </li>`,
        )}
      </ol>`;
  }

  private sectionError(intro: string, cls: string, error: ApiError | null) {
    if (!error) return nothing;
    return html`<div class="section-error ${cls}">
      <p>${intro}:</p>
      <mq-error .error=${error}></mq-error>
    </div>`;
  }

  /** Asks for every available update at once; the queue runs them, each card shows its own progress. */
  private async updateAll(outdated: InstalledPlugin[]) {
    this.updating = true;
    this.updateErrors = [];
    const answers = await Promise.allSettled(
      outdated.map((p) => runLifecycle(this.services.api, 'update', { plugin_id: p.id })),
    );
    const errors: Array<{ name: string; error: ApiError }> = [];
    answers.forEach((a, i) => {
      if (a.status === 'fulfilled') this.ops.track(a.value);
      else if (!isAbort(a.reason))
        errors.push({ name: outdated[i]!.name || outdated[i]!.id, error: asApiError(a.reason) });
    });
    this.updateErrors = errors;
    this.updating = false;
    this.soon.request();
  }

  private currentOrder(): string[] {
    return this.pendingOrder ?? this.plugins.value?.order ?? [];
  }

  private async onMove(e: PluginMoveEvent) {
    const { id, to, focus } = e.detail;
    await this.reorder(id, to, async () => {
      await this.updateComplete;
      const item = [...this.renderRoot.querySelectorAll<PluginItem>('mq-plugin-item')].find((x) => x.plugin.id === id);
      await item?.updateComplete;
      item?.focusControl(focus);
    });
  }

  /** Shows the new order at once, saves it, and puts the old one back if the save fails. */
  private async reorder(id: string, to: number, afterRender?: () => Promise<void>) {
    const before = this.currentOrder();
    const next = moveTo(before, id, to);
    if (next.join('\n') === before.join('\n')) return;
    this.pendingOrder = next;
    this.orderError = null;
    this.orderNote = '';
    void afterRender?.();
    try {
      await saveRotation(this.services.api, next);
      this.orderNote = 'Rotation order saved';
      await this.plugins.reload();
    } catch (e) {
      if (isAbort(e)) return;
      this.orderError = asApiError(e);
    } finally {
      if (this.pendingOrder === next) this.pendingOrder = null;
    }
  }
}

customElements.define('mq-page-plugins', PluginsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-plugins': PluginsPage;
  }
}
