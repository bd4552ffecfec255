import { css, html } from 'lit';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import type { HealthData } from './health-types.ts';
import { displayView } from './health-display.ts';
import { checksView, summaryView, tasksView } from './health-views.ts';
import '../reconcile/reconcile-runs.ts';
import './plugin-health.ts';

/** How often the page refreshes itself while it is open. */
export const HEALTH_REFRESH_MS = 5_000;

/**
 * Health: the service's checks, the display's frame timings and background tasks (`GET
 * /api/v3/health`), every plugin's health and timings, and the latest reconcile run; kept fresh
 * while open.
 */
export class HealthPage extends ServicedElement {
  static styles = [
    base,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: baseline;
        justify-content: space-between;
      }
      .checks {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--mq-space-2);
      }
      .checks li {
        border-top: 1px solid var(--mq-border);
        padding-top: var(--mq-space-2);
      }
      .check-head {
        display: flex;
        gap: var(--mq-space-2);
        align-items: center;
        flex-wrap: wrap;
      }
      .detail {
        margin: 0.25rem 0;
      }
      .facts {
        margin: 0;
        font-size: 0.9rem;
      }
      .small {
        font-size: 0.85rem;
      }
    `,
  ];

  private readonly health = new Resource<HealthData>(this, {
    load: async (signal) => (await this.services.api.get<HealthData>('/api/v3/health', { signal })).data,
    refreshMs: HEALTH_REFRESH_MS,
  });

  protected render() {
    return html`<div class="head">
        <h1>Health</h1>
        <button type="button" @click=${() => this.health.reload()}>Refresh</button>
      </div>
      ${this.health.render({
        loadingText: 'Checking health…',
        done: (data) => html`${summaryView(data)} ${checksView(data)} ${displayView(data)} ${tasksView(data)}`,
      })}
      <section class="card" aria-labelledby="plugins-h" data-section="plugins">
        <h2 id="plugins-h">Plugins</h2>
        <mq-plugin-health></mq-plugin-health>
      </section>
      <section class="card" aria-labelledby="repair-h" data-section="repair">
        <h2 id="repair-h">Plugin repair</h2>
        <mq-reconcile-runs></mq-reconcile-runs>
      </section>`;
  }
}

customElements.define('mq-page-health', HealthPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-health': HealthPage;
  }
}
