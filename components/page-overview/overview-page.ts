import { css, html } from 'lit';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { base } from '../lib/styles.ts';
import type { HealthData } from '../page-health/health-types.ts';
import { dateTime, duration, humanize } from '../lib/format.ts';

/** `GET /api/v3/display/current-status`: what is on the panel now and what comes next. */
interface CurrentStatus {
  plugin_id?: string | null;
  mode?: string | null;
  since?: string | null;
  next?: { plugin_id?: string; mode?: string } | null;
}

/** Overview: the preview large, what is on screen, and the service's health at a glance. */
export class OverviewPage extends ServicedElement {
  static styles = [
    base,
    pageStyles,
    css`
      .grid {
        display: grid;
        gap: var(--mq-space-3);
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 900px) {
        .grid {
          grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        }
      }
      mq-preview {
        max-width: 40rem;
      }
    `,
  ];

  private readonly current = new Resource<CurrentStatus>(this, {
    load: async (signal) =>
      (await this.services.api.get<CurrentStatus>('/api/v3/display/current-status', { signal })).data,
    isEmpty: (s) => !s?.plugin_id,
    refreshMs: 5_000,
  });

  private readonly health = new Resource<HealthData>(this, {
    load: async (signal) => (await this.services.api.get<HealthData>('/api/v3/health', { signal })).data,
    refreshMs: 10_000,
  });

  protected render() {
    return html`<div class="head"><h1>Overview</h1></div>
      <div class="grid">
        <section class="card" aria-labelledby="screen-h">
          <h2 id="screen-h">On screen</h2>
          <mq-preview label="Live preview of the panel, large"></mq-preview>
          <div data-section="current">
            ${this.current.render({
              emptyText: 'Nothing is showing: no plugin is enabled, or the panel is off by schedule.',
              done: (s) =>
                html`<p>
                    Showing <strong>${s.plugin_id}</strong>${s.mode ? html` (${s.mode})` : ''}
                    ${s.since ? html`<span class="muted">since ${dateTime(s.since)}</span>` : ''}
                  </p>
                  ${s.next?.plugin_id ? html`<p class="muted">Next: ${s.next.plugin_id}</p>` : ''}`,
            })}
          </div>
        </section>
        <section class="card" aria-labelledby="svc-h" data-section="health">
          <h2 id="svc-h">Service</h2>
          ${this.health.render({
            done: (h) =>
              html`<p><span class="badge ${h.status}">${h.status}</span></p>
                <p class="muted">Version ${h.version}, up ${duration(h.uptime_s)}</p>
                <ul class="items">
                  ${Object.entries(h.checks).map(
                    ([name, c]) =>
                      html`<li>
                        <span class="name">${humanize(name)}</span><span class="badge ${c.status}">${c.status}</span>
                      </li>`,
                  )}
                </ul>
                <p><a href="#/health">Health details</a></p>`,
          })}
        </section>
      </div>`;
  }
}

customElements.define('mq-page-overview', OverviewPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-overview': OverviewPage;
  }
}
