import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { asApiError, isAbort, type ApiError } from '../lib/api.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { icon } from '../lib/icons.ts';
import { operationError } from '../lib/operation-types.ts';
import { OperationWatch } from '../lib/operation-watch.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { Soon } from '../lib/soon.ts';
import { base } from '../lib/styles.ts';
import '../operation-progress/operation-progress.ts';
import { installedList, type InstalledPlugin } from '../page-plugins/plugin-model.ts';
import { refreshRegistry } from './refresh-registry.ts';
import { renderFilters, renderFreshness } from './store-parts.ts';
import './install-url.ts';
import './store-item.ts';
import './store-sources.ts';
import {
  applyFilters,
  freshnessOf,
  NO_FILTERS,
  storeList,
  type Filters,
  type Freshness,
  type StoreEntry,
} from './store-model.ts';
import { storeStyles } from './store-styles.ts';

interface StoreView {
  entries: StoreEntry[];
  freshness: Freshness;
  installed: Map<string, InstalledPlugin>;
  /** The installed list failed: the store still shows, without installed states. */
  installedError: ApiError | null;
}

const LIFECYCLE = ['install', 'update', 'uninstall'];
/** The panels the header opens above the list. */
type Panel = 'sources' | 'url' | null;
const STALE_RECHECK_MS = 1_500;
const STALE_RECHECKS = 4;

/**
 * Store: the registries' plugins with search, category, tag and verified filters, each card with
 * its installed / update state and one-click Install with live progress; how fresh the data is and
 * what failed. The header opens the registry sources and install from a URL above the list.
 */
export class StorePage extends ServicedElement {
  static properties = {
    filters: { state: true },
    refreshError: { state: true },
    refreshing: { state: true },
    urlOp: { state: true },
    generation: { state: true },
    panel: { state: true },
  };
  declare filters: Filters;
  /** The refresh request failed, or the refresh ended failed. */
  declare refreshError: ApiError | null;
  declare refreshing: boolean;
  declare urlOp: string | null;
  /** Bumped when the sources should load again. */
  declare generation: number;
  declare panel: Panel;

  static styles = [base, pageStyles, storeStyles];

  private readonly store = new Resource<StoreView>(this, {
    load: (signal) => this.load(signal),
    isEmpty: (v) => v.entries.length === 0,
  });
  /** The list and the sources load again together: a browse may have just fetched a new source. */
  private readonly soon = new Soon(this, () => void this.store.reload().then(() => this.generation++));
  private readonly ops = new OperationWatch(this, {
    kinds: [...LIFECYCLE, 'toggle', 'store-refresh'],
    onFinished: this.soon.request,
  });
  private refreshAbort: AbortController | null = null;
  private staleChecks = 0;

  constructor() {
    super();
    this.filters = NO_FILTERS;
    this.refreshError = null;
    this.refreshing = false;
    this.urlOp = null;
    this.generation = 0;
    this.panel = null;
    new EventSubscription(this, [EVENT_TYPES.pluginChanged, 'registry.changed', 'resync'], this.soon.request);
    this.addEventListener('mq-operation-update', (e) => this.ops.track(e.detail));
    this.addEventListener('mq-url-install', (e) => {
      this.urlOp = e.detail.operation_id;
      this.ops.track(e.detail);
    });
    this.addEventListener('mq-tag-pick', (e) => (this.filters = { ...this.filters, tag: e.detail }));
    this.addEventListener('mq-store-stale', this.soon.request);
    this.addEventListener('mq-plugins-stale', this.soon.request);
  }

  private async load(signal: AbortSignal): Promise<StoreView> {
    const { api } = this.services;
    const [list, installed] = await Promise.all([
      api.get('/api/v3/plugins/store/list', { signal }),
      api.get('/api/v3/plugins/installed', { signal }).then(
        (r) => ({ data: r.data, error: null }),
        (e) => {
          if (isAbort(e)) throw e;
          return { data: null, error: asApiError(e) };
        },
      ),
    ]);
    const freshness = freshnessOf(list.metadata);
    this.recheckWhileStale(freshness);
    return {
      entries: storeList(list.data),
      freshness,
      installed: new Map(installedList(installed.data).map((p) => [p.id, p])),
      installedError: installed.error,
    };
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.refreshAbort?.abort();
    this.refreshAbort = null;
  }

  /**
   * A stale answer means the server is refreshing in the background; how that ends is only known
   * by asking again, a few times, further apart each time.
   */
  private recheckWhileStale(f: Freshness) {
    if (!f.stale) {
      this.staleChecks = 0;
      return;
    }
    if (this.staleChecks >= STALE_RECHECKS) return;
    this.soon.after(STALE_RECHECK_MS * 2 ** this.staleChecks++);
  }

  protected render() {
    return html`<div class="head">
        <h1>Store</h1>
        <div class="head-actions">
          ${this.panelButton('sources', 'sources', 'Sources')} ${this.panelButton('url', 'link', 'Install from URL')}
          <button type="button" class="refresh" ?disabled=${this.refreshing} @click=${this.refresh}>
            ${icon('refresh')}Refresh registry
          </button>
        </div>
      </div>
      ${this.renderPanel()}
      ${
        this.refreshError
          ? html`<div class="refresh-error">
              <p class="error-intro">Could not refresh the registry:</p>
              <mq-error .error=${this.refreshError}></mq-error>
            </div>`
          : nothing
      }
      ${this.store.value ? renderFreshness(this.store.value.freshness, this.refreshing) : nothing}
      ${renderFilters(this.filters, this.store.value?.entries ?? [], (f) => (this.filters = f))}
      ${this.store.render({
        loadingText: 'Loading the store…',
        emptyText: 'No registry lists any plugin yet. Add a source under Sources, or check the sources’ errors.',
        done: (v) => this.renderEntries(v),
      })} `;
  }

  private panelButton(panel: Exclude<Panel, null>, glyph: 'sources' | 'link', text: string) {
    const open = this.panel === panel;
    return html`<button
      type="button"
      class="panel-toggle"
      data-panel=${panel}
      aria-expanded=${String(open)}
      aria-controls="${panel}-panel"
      @click=${() => (this.panel = open ? null : panel)}
    >
      ${icon(glyph)}${text}
    </button>`;
  }

  /** Registry sources or install from a URL, opened from the header above the list. */
  private renderPanel() {
    if (this.panel === 'sources')
      return html`<section class="card panel" id="sources-panel" aria-labelledby="sources-title">
        <h2 id="sources-title">Registry sources</h2>
        <p class="muted">Where the Store finds plugins. Marquee's own plugins are always listed.</p>
        <mq-store-sources .generation=${this.generation}></mq-store-sources>
      </section>`;
    if (this.panel === 'url')
      return html`<section class="card panel" id="url-panel" aria-labelledby="url-title">
        <h2 id="url-title">Install from a URL</h2>
        <mq-install-url .op=${this.urlOp ? this.ops.get(this.urlOp) : undefined}></mq-install-url>
      </section>`;
    return nothing;
  }

  private renderEntries(v: StoreView) {
    const shown = applyFilters(v.entries, this.filters);
    return html`${
        v.installedError
          ? html`<div class="installed-error">
              <p class="error-intro">Installed states are unavailable:</p>
              <mq-error .error=${v.installedError}></mq-error>
            </div>`
          : nothing
      }
      <p class="count muted" role="status">Showing ${shown.length} of ${v.entries.length} plugins</p>
      ${
        shown.length
          ? html`<ul class="entries">
              ${repeat(
                shown,
                (e) => e.id,
                (e) =>
                  html`<li>
                    <mq-store-item
                      .entry=${e}
                      .installed=${v.installed.get(e.id)}
                      .op=${this.ops.latestFor(e.id, LIFECYCLE)}
                      .toggle=${this.ops.latestFor(e.id, ['toggle'])}
                    ></mq-store-item>
                  </li>`,
              )}
            </ul>`
          : html`<p class="empty">
              No plugin matches these filters.
              <button type="button" @click=${() => (this.filters = NO_FILTERS)}>Clear filters</button>
            </p>`
      }`;
  }

  private async refresh() {
    this.refreshAbort?.abort();
    const controller = new AbortController();
    this.refreshAbort = controller;
    this.refreshing = true;
    this.refreshError = null;
    try {
      const op = await refreshRegistry(this.services.api, controller.signal);
      if (op.status === 'failed') this.refreshError = operationError(op);
    } catch (e) {
      if (!isAbort(e)) this.refreshError = asApiError(e);
    } finally {
      if (this.refreshAbort === controller) {
        this.refreshAbort = null;
        this.refreshing = false;
        this.soon.request();
      }
    }
  }
}

customElements.define('mq-page-store', StorePage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-store': StorePage;
  }
}
