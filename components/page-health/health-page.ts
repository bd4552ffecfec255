import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { duration } from '../lib/format.ts';
import { icon } from '../lib/icons.ts';
import { showingText } from '../lib/plugin-names.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import type { PluginHealth } from '../page-plugins/plugin-model.ts';
import type { HealthData } from './health-types.ts';
import { displayView } from './health-display.ts';
import { findings, pluginStatus, verdict, type Finding, type HealthPlugin } from './health-summary.ts';
import { checksView, tasksView } from './health-views.ts';
import { healthStyles } from './health-styles.ts';
import '../reconcile/reconcile-runs.ts';
import './plugin-health.ts';

/** How often the page refreshes itself while it is open. */
export const HEALTH_REFRESH_MS = 5_000;

interface HealthView {
  data: HealthData;
  plugins: HealthPlugin[];
  pluginHealth: Record<string, PluginHealth>;
}

interface Screen {
  state?: string;
  plugin_id?: string | null;
  mode?: string | null;
}

/**
 * Health answers "is my panel OK?" first: a verdict, then each thing wrong with what to do about it
 * (a plugin in trouble can be reset here), then every plugin's state in words. The service's checks,
 * the display's figures, background jobs, plugin timings and plugin repair are technical details,
 * folded away.
 */
export class HealthPage extends ServicedElement {
  static properties = { busy: { state: true }, resetError: { state: true }, note: { state: true } };
  declare busy: string | null;
  declare resetError: ApiError | null;
  declare note: string;

  static styles = [base, healthStyles];

  private readonly view = new Resource<HealthView>(this, {
    load: async (signal) => {
      const { api } = this.services;
      const [health, installed, pluginHealth] = await Promise.all([
        api.get<HealthData>('/api/v3/health', { signal }),
        api.get<{ plugins: HealthPlugin[] }>('/api/v3/plugins/installed', { signal }),
        api.get<Record<string, PluginHealth>>('/api/v3/plugins/health', { signal }),
      ]);
      return { data: health.data, plugins: installed.data.plugins, pluginHealth: pluginHealth.data };
    },
    refreshMs: HEALTH_REFRESH_MS,
  });

  constructor() {
    super();
    this.busy = null;
    this.resetError = null;
    this.note = '';
  }

  protected render() {
    return html`<div class="head">
        <h1>Health</h1>
        <button type="button" @click=${() => this.view.reload()}>${icon('refresh')}Check again</button>
      </div>
      ${this.view.render({ loadingText: 'Checking your panel…', done: (v) => this.renderView(v) })}`;
  }

  private renderView(v: HealthView) {
    const list = findings(v.data, v.plugins, v.pluginHealth);
    const answer = verdict(list);
    const names = new Map(v.plugins.map((p) => [p.id, { ...p }]));
    const screen = ((v.data.checks.display?.info ?? null) as { screen?: Screen } | null)?.screen;
    const showing =
      screen?.state === 'showing' && screen.plugin_id
        ? `Showing ${showingText(names, screen.plugin_id, screen.mode)}.`
        : '';
    return html`<section
        class="card summary"
        aria-labelledby="verdict"
        data-section="summary"
        data-level=${answer.level}
      >
        <h2 id="verdict" class="verdict ${answer.level}" data-testid="verdict">
          ${icon(answer.level === 'ok' ? 'ok' : answer.level === 'warn' ? 'warn' : 'error')}<span>${answer.text}</span>
        </h2>
        <p class="muted">Marquee ${v.data.version}, running for ${duration(v.data.uptime_s)}. ${showing}</p>
        ${this.resetError ? html`<mq-error .error=${this.resetError}></mq-error>` : nothing}
        <p class="saved" role="status">${this.note}</p>
        ${
          list.length
            ? html`<ul class="findings">
                ${list.map((f) => this.renderFinding(f))}
              </ul>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="plugins-h" data-section="plugins">
        <h2 id="plugins-h">Plugins</h2>
        ${
          v.plugins.length
            ? html`<ul class="plugin-states">
                ${v.plugins.map((p) => {
                  const s = pluginStatus(p, v.pluginHealth[p.id]);
                  return html`<li data-plugin=${p.id}>
                    <span class="name">${p.name || p.id}</span>
                    <span class="badge state ${s.level}" data-level=${s.level}>${s.text}</span>
                  </li>`;
                })}
              </ul>`
            : html`<p class="empty">No plugins are installed. <a href="#/store">Find some in the Store.</a></p>`
        }
      </section>
      <details class="card tech" data-section="technical">
        <summary><h2>Technical details</h2></summary>
        ${checksView(v.data)} ${displayView(v.data)} ${tasksView(v.data)}
        <section aria-labelledby="timings-h" data-section="timings">
          <h3 id="timings-h">Plugin timings and breakers</h3>
          <mq-plugin-health .plugins=${v.plugins}></mq-plugin-health>
        </section>
        <section aria-labelledby="repair-h" data-section="repair">
          <h3 id="repair-h">Plugin repair</h3>
          <mq-reconcile-runs></mq-reconcile-runs>
        </section>
      </details>`;
  }

  private renderFinding(f: Finding) {
    return html`<li data-level=${f.level}>
      <p class="title">${icon(f.level === 'danger' ? 'error' : 'warn')}<span>${f.title}</span></p>
      <p class="action">${f.action} ${f.link ? html`<a href=${f.link.href}>${f.link.text}</a>` : nothing}</p>
      ${
        f.resettable
          ? html`<button
              type="button"
              class="reset"
              ?disabled=${this.busy !== null}
              @click=${() => this.reset(f.resettable!)}
            >
              ${icon('reset')}Reset and run it again
            </button>`
          : nothing
      }
    </li>`;
  }

  private async reset(id: string) {
    this.busy = id;
    this.resetError = null;
    this.note = '';
    try {
      await this.services.api.post(`/api/v3/plugins/health/${encodeURIComponent(id)}/reset`);
      const name = this.view.value?.plugins.find((p) => p.id === id)?.name ?? id;
      this.note = `${name} runs again on its next turn`;
      await this.view.reload();
    } catch (e) {
      this.resetError = asApiError(e);
    } finally {
      this.busy = null;
    }
  }
}

customElements.define('mq-page-health', HealthPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-health': HealthPage;
  }
}
