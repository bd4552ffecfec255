import { html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { Resource } from '../lib/resource.ts';
import { pluginStatus, type HealthPlugin } from './health-summary.ts';
import { healthStyles } from './health-styles.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** `GET /api/v3/plugins/health` entries. */
interface PluginHealth {
  plugin_id: string;
  circuit_state: 'closed' | 'open' | 'half_open';
  consecutive_failures: number;
  total_failures: number;
  last_error: string | null;
  last_error_at: string | null;
  quarantined: boolean;
  refused: string | null;
  restarts: number;
  last_kill_reason: string | null;
  last_kill_at: string | null;
  host: { pid: number | null; shared: boolean; rss_mb: number; pss_mb: number; demoted: boolean } | null;
  cpu: { share_pct: number; budget_pct: number | null; throttled: boolean };
}

interface Timing {
  count: number;
  avg_ms: number;
  p95_ms: number;
}

/** `GET /api/v3/plugins/metrics` entries. */
interface PluginMetrics {
  update: Timing;
  render: Timing;
}

interface Row {
  health: PluginHealth;
  metrics?: PluginMetrics;
}

const hostText = (h: PluginHealth['host']) =>
  h
    ? `pid ${h.pid ?? '?'}${h.shared ? ' (shared)' : ''} · ${h.pss_mb} MB PSS · ${h.rss_mb} MB RSS${h.demoted ? ' · nice 19' : ''}`
    : '—';
const cpuText = (c: PluginHealth['cpu']) =>
  `${c.share_pct}%${c.budget_pct !== null ? ` of ${c.budget_pct}%` : ''}${c.throttled ? ' · slowed' : ''}`;
const BREAKER_TEXT = { closed: 'closed', open: 'open', half_open: 'half open (on trial)' } as const;
const timing = (t: Timing | undefined) =>
  !t || t.count === 0 ? '—' : `${Math.round(t.avg_ms)} ms avg · ${Math.round(t.p95_ms)} ms p95 (${t.count})`;

/**
 * Every plugin's state in words (one that is off is "Off", whatever its breaker), its breaker or
 * quarantine, failures and last error, its host (pid, memory, CPU share, restarts, last kill) and
 * its update and render timings, with a button that closes an open breaker or lifts a quarantine
 * so the display starts the plugin again. `plugins` gives names and on/off.
 */
export class PluginHealthTable extends ServicedElement {
  static properties = { busy: { state: true }, plugins: { attribute: false } };
  declare busy: string | null;
  declare plugins: HealthPlugin[];
  private error: ApiError | null = null;
  private message = '';
  static styles = [base, healthStyles];

  private readonly rows = new Resource<Row[]>(this, {
    load: async (signal) => {
      const [health, metrics] = await Promise.all([
        this.services.api.get<Record<string, PluginHealth>>('/api/v3/plugins/health', { signal }),
        this.services.api.get<Record<string, PluginMetrics>>('/api/v3/plugins/metrics', { signal }),
      ]);
      return Object.values(health.data).map((h) => ({ health: h, metrics: metrics.data[h.plugin_id] }));
    },
    isEmpty: (rows) => rows.length === 0,
    refreshMs: 5_000,
  });

  constructor() {
    super();
    this.busy = null;
    this.plugins = [];
  }

  protected render() {
    return html`${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      ${this.rows.render({
        loadingText: 'Loading plugin health…',
        emptyText: 'No plugins are installed.',
        done: (rows) =>
          html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Plugin</th>
                  <th scope="col">State</th>
                  <th scope="col">Breaker</th>
                  <th scope="col">Failures</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Host</th>
                  <th scope="col">CPU</th>
                  <th scope="col">Restarts</th>
                  <th scope="col">Last kill</th>
                  <th scope="col">Update</th>
                  <th scope="col">Render</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((r) => this.renderRow(r))}
              </tbody>
            </table>
          </div>`,
      })}`;
  }

  private renderRow({ health: h, metrics: m }: Row) {
    const plugin = this.plugins.find((p) => p.id === h.plugin_id);
    const status = plugin ? pluginStatus(plugin, h as never) : null;
    return html`<tr data-plugin=${h.plugin_id}>
      <th scope="row">${plugin?.name || h.plugin_id}</th>
      <td data-col="state">
        ${status ? html`<span class="badge ${status.level}">${status.text}</span>` : '—'}
        ${h.quarantined ? html`<span class="badge failed" data-quarantined>quarantined (reset to run it again)</span>` : nothing}
        ${h.refused ? html`<span class="badge failed" data-refused title=${h.refused}>refused</span>` : nothing}
      </td>
      <td data-breaker=${h.circuit_state}>${BREAKER_TEXT[h.circuit_state]}</td>
      <td data-col="failures">${h.consecutive_failures} in a row · ${h.total_failures} in all</td>
      <td data-col="last-error">
        ${h.last_error ? html`${h.last_error} <span class="muted">(${dateTime(h.last_error_at)})</span>` : '—'}
      </td>
      <td data-col="host">${hostText(h.host)}</td>
      <td data-col="cpu">${cpuText(h.cpu)}</td>
      <td data-col="restarts">${h.restarts}</td>
      <td data-col="last-kill">
        ${
          h.last_kill_reason
            ? html`${h.last_kill_reason} <span class="muted">(${dateTime(h.last_kill_at)})</span>`
            : '—'
        }
      </td>
      <td data-col="update">${timing(m?.update)}</td>
      <td data-col="render">${timing(m?.render)}</td>
      <td>
        ${
          h.circuit_state === 'closed' && h.consecutive_failures === 0 && !h.quarantined
            ? nothing
            : html`<button type="button" ?disabled=${this.busy !== null} @click=${() => this.reset(h.plugin_id)}>
                Reset<span class="visually-hidden"> ${plugin?.name || h.plugin_id}</span>
              </button>`
        }
      </td>
    </tr>`;
  }

  private async reset(id: string) {
    this.busy = id;
    this.error = null;
    this.message = '';
    try {
      const res = await this.services.api.post(`/api/v3/plugins/health/${encodeURIComponent(id)}/reset`);
      this.message = res.message ? `${this.plugins.find((p) => p.id === id)?.name ?? id} reset` : '';
      await this.rows.reload();
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.busy = null;
    }
  }
}

customElements.define('mq-plugin-health', PluginHealthTable);

declare global {
  interface HTMLElementTagNameMap {
    'mq-plugin-health': PluginHealthTable;
  }
}
