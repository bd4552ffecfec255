import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import type { ServerEvent } from '../lib/events.ts';
import { dateTime } from '../lib/format.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { operationSentence, stageWords } from '../lib/operation-words.ts';
import { PluginNames } from '../lib/plugin-names.ts';
import { OPERATION_KINDS, OPERATION_STATUSES, STATUS_WORDS, percent, type Operation } from './operation.ts';
import './operation-details.ts';

type Filters = { plugin_id?: string; operation_type?: string; status?: string };

const PAGE = 50;
const MAX = 1000;

export const CLEAR_PROMPT =
  'Remove every finished operation (completed, failed or cancelled) from the history? Pending and running ones stay.';

/**
 * History: operations newest first, filtered by plugin, kind and status, kept current from the
 * event stream; each opens to its details. Older ones load on request; finished ones can be cleared.
 */
export class HistoryPage extends ServicedElement {
  static properties = {
    filters: { state: true },
    limit: { state: true },
    open: { state: true },
    clearing: { state: true },
  };
  declare filters: Filters;
  declare limit: number;
  /** Ids of the operations whose details are open (kept across reloads). */
  declare open: ReadonlySet<string>;
  declare clearing: boolean;
  private more = false;
  private error: ApiError | null = null;
  private message = '';
  static styles = [
    base,
    pageStyles,
    css`
      details {
        border: 1px solid var(--mq-border);
        border-radius: var(--mq-radius);
        padding: var(--mq-space-2) var(--mq-space-3);
      }
      summary {
        cursor: pointer;
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: baseline;
      }
      details[open] summary {
        margin-bottom: var(--mq-space-2);
      }
      .list {
        list-style: none;
        margin: 0 0 var(--mq-space-3);
        padding: 0;
        display: grid;
        gap: var(--mq-space-2);
      }
    `,
  ];

  private readonly names = new PluginNames(this);
  /** Plugins any loaded page of the history named, so a filter never hides its own choices. */
  private readonly seen = new Set<string>();

  private readonly history = new Resource<Operation[]>(this, {
    load: async (signal) => {
      const res = await this.services.api.get<Operation[]>('/api/v3/plugins/operation/history', {
        signal,
        query: { limit: this.limit, ...this.filters },
      });
      this.more = res.metadata.next_before !== null && res.metadata.next_before !== undefined && this.limit < MAX;
      for (const op of res.data) if (!op.plugin_id.includes(':')) this.seen.add(op.plugin_id);
      return res.data;
    },
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.filters = {};
    this.limit = PAGE;
    this.open = new Set();
    this.clearing = false;
    // New and finished operations may enter or leave the filtered list: load it again.
    new LiveReload(this, {
      types: [EVENT_TYPES.operationCreated, EVENT_TYPES.operationFinished],
      reload: () => void this.history.reload(),
    });
    // Progress only changes an operation already listed: update it in place.
    new EventSubscription(
      this,
      [EVENT_TYPES.operationStarted, EVENT_TYPES.operationProgress, EVENT_TYPES.operationRetrying],
      (e) => this.patch(e),
    );
  }

  protected render() {
    return html`<div class="head">
        <h1>History</h1>
        <button type="button" ?disabled=${this.clearing} @click=${this.clear}>Clear finished</button>
      </div>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      ${this.renderFilters()}
      ${this.history.render({
        loadingText: 'Loading history…',
        emptyText: 'No operations match.',
        done: (list) =>
          html`<ul class="list">
              ${list.map((op) => this.renderOperation(op))}
            </ul>
            ${
              this.more
                ? html`<button type="button" class="older" @click=${this.showOlder}>Show older operations</button>`
                : nothing
            }`,
      })}`;
  }

  private renderOperation(op: Operation) {
    const isOpen = this.open.has(op.operation_id);
    return html`<li data-operation=${op.operation_id} data-status=${op.status}>
      <details ?open=${isOpen} @toggle=${(e: Event) => this.toggle(op.operation_id, e)}>
        <summary>
          <span class="name">${operationSentence(op, this.names.name)}</span>
          <span class="badge ${op.status}">${STATUS_WORDS[op.status]}</span>
          ${op.status === 'running' ? html`<span>${stageWords(op.stage)} · ${percent(op.progress)}</span>` : nothing}
          <span class="muted">${dateTime(op.created_at)}</span>
          ${op.error ? html`<span class="failed error-text">${op.error.message}</span>` : nothing}
        </summary>
        ${isOpen ? html`<mq-operation-details .operation=${op}></mq-operation-details>` : nothing}
      </details>
    </li>`;
  }

  private renderFilters() {
    return html`<form class="filters" @submit=${this.onFilter}>
      <label
        >Plugin
        <select name="plugin_id">
          <option value="">Any plugin</option>
          ${this.pluginChoices().map(
            (id) =>
              html`<option value=${id} ?selected=${id === this.filters.plugin_id}>${this.names.name(id)}</option>`,
          )}
        </select></label
      >
      <label
        >Kind
        <input name="operation_type" list="kinds" autocomplete="off" .value=${this.filters.operation_type ?? ''} />
        <datalist id="kinds">${OPERATION_KINDS.map((k) => html`<option value=${k}></option>`)}</datalist>
      </label>
      <label
        >Status
        <select name="status">
          <option value="">Any</option>
          ${OPERATION_STATUSES.map(
            (s) => html`<option value=${s} ?selected=${s === this.filters.status}>${STATUS_WORDS[s]}</option>`,
          )}
        </select></label
      >
      <button type="submit">Filter</button>
    </form>`;
  }

  /** Installed plugins and any other plugin the history names (one since removed), by name. */
  private pluginChoices(): string[] {
    const ids = new Set([...this.names.map.keys(), ...this.seen]);
    if (this.filters.plugin_id) ids.add(this.filters.plugin_id);
    return [...ids].sort((a, b) => this.names.name(a).localeCompare(this.names.name(b)));
  }

  private onFilter(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const pick = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    this.filters = { plugin_id: pick('plugin_id'), operation_type: pick('operation_type'), status: pick('status') };
    this.limit = PAGE;
    void this.history.reload();
  }

  private readonly showOlder = () => {
    this.limit = Math.min(MAX, this.limit + PAGE);
    void this.history.reload();
  };

  private toggle(id: string, e: Event) {
    const isOpen = (e.target as HTMLDetailsElement).open;
    if (isOpen === this.open.has(id)) return;
    const next = new Set(this.open);
    if (isOpen) next.add(id);
    else next.delete(id);
    this.open = next;
  }

  private patch(e: ServerEvent) {
    const op = e.data as Operation;
    const list = this.history.value;
    if (!list || !op?.operation_id) return;
    if (list.some((o) => o.operation_id === op.operation_id))
      this.history.set(list.map((o) => (o.operation_id === op.operation_id ? op : o)));
  }

  private readonly clear = async () => {
    if (!window.confirm(CLEAR_PROMPT)) return;
    this.clearing = true;
    this.error = null;
    this.message = '';
    try {
      const res = await this.services.api.del<{ deleted: number }>('/api/v3/plugins/operation/history');
      this.message = `${res.data.deleted} finished operation${res.data.deleted === 1 ? '' : 's'} removed`;
      await this.history.reload();
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.clearing = false;
    }
  };
}

customElements.define('mq-page-history', HistoryPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-history': HistoryPage;
  }
}
