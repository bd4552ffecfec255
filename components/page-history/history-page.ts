import { html, nothing } from 'lit';
import { OPERATION_EVENTS } from '../lib/event-types.ts';
import { dateTime } from '../lib/format.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** One operation as `GET /api/v3/plugins/operation/history` lists it. */
interface Operation {
  operation_id: string;
  operation_type: string;
  plugin_id?: string | null;
  status: string;
  stage?: string | null;
  error?: { code?: string; message?: string } | string | null;
  requested_by?: string | null;
  created_at?: string | null;
  completed_at?: string | null;
}

export const OPERATION_KINDS = [
  'install',
  'update',
  'uninstall',
  'enable',
  'disable',
  'configure',
  'reconcile',
] as const;
export const OPERATION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
/** Live events arrive in bursts (progress); the list reloads once per burst. */
const RELOAD_DELAY_MS = 300;

const listOf = (data: unknown): Operation[] => {
  const list = Array.isArray(data) ? data : (data as { operations?: unknown })?.operations;
  return Array.isArray(list) ? (list as Operation[]) : [];
};

const errorText = (e: Operation['error']) => (!e ? '' : typeof e === 'string' ? e : (e.message ?? e.code ?? ''));

/** History: operations newest first, filtered by plugin, kind and status, updated live. */
export class HistoryPage extends ServicedElement {
  static properties = { filters: { state: true } };
  declare filters: { plugin_id?: string; operation_type?: string; status?: string };
  private timer: ReturnType<typeof setTimeout> | null = null;
  static styles = [base, pageStyles];

  private readonly history = new Resource<Operation[]>(this, {
    load: async (signal) =>
      listOf(
        (
          await this.services.api.get('/api/v3/plugins/operation/history', {
            signal,
            query: { limit: 50, ...this.filters },
          })
        ).data,
      ),
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.filters = {};
    new EventSubscription(this, OPERATION_EVENTS, () => this.reloadSoon());
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  protected render() {
    return html`<div class="head"><h1>History</h1></div>
      ${this.renderFilters()}
      ${this.history.render({
        loadingText: 'Loading history…',
        emptyText: 'No operations match.',
        done: (list) =>
          html`<ul class="items">
            ${list.map(
              (op) =>
                html`<li data-operation=${op.operation_id}>
                  <span class="name">${op.operation_type} ${op.plugin_id ?? ''}</span>
                  <span class="badge ${op.status}">${op.status}</span>
                  <span class="muted"
                    >${dateTime(op.created_at)}${op.requested_by ? ` · by ${op.requested_by}` : ''}</span
                  >
                  ${errorText(op.error) ? html`<span class="failed">${errorText(op.error)}</span>` : nothing}
                </li>`,
            )}
          </ul>`,
      })}`;
  }

  private renderFilters() {
    const select = (name: string, label: string, options: readonly string[]) =>
      html`<label
        >${label}
        <select name=${name}>
          <option value="">Any</option>
          ${options.map((o) => html`<option value=${o}>${o}</option>`)}
        </select></label
      >`;
    return html`<form class="filters" @submit=${this.onFilter}>
      <label>Plugin <input name="plugin_id" autocomplete="off" /></label>
      ${select('operation_type', 'Kind', OPERATION_KINDS)} ${select('status', 'Status', OPERATION_STATUSES)}
      <button type="submit">Filter</button>
    </form>`;
  }

  private onFilter(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const pick = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    this.filters = { plugin_id: pick('plugin_id'), operation_type: pick('operation_type'), status: pick('status') };
    void this.history.reload();
  }

  private reloadSoon() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.history.reload();
    }, RELOAD_DELAY_MS);
  }
}

customElements.define('mq-page-history', HistoryPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-history': HistoryPage;
  }
}
