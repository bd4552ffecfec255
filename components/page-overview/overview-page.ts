import { css, html } from 'lit';
import { EVENT_TYPES } from '../../shared/events.ts';
import type { ServerEvent } from '../lib/events.ts';
import { duration } from '../lib/format.ts';
import { icon } from '../lib/icons.ts';
import { PluginNames } from '../lib/plugin-names.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { readPreference, writePreference } from '../lib/preferences.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { PREVIEW_SCALES, type PreviewScale } from '../live-preview/live-preview.ts';
import type { HealthData } from '../page-health/health-types.ts';
import '../reconcile/reconcile-banner.ts';
import './on-demand.ts';
import { screenView, type Screen } from './screen.ts';

interface PreviewLook {
  scale: PreviewScale;
  dots: boolean;
}

const PREVIEW_KEY = 'preview';
const isLook = (v: unknown): v is PreviewLook =>
  !!v &&
  typeof v === 'object' &&
  (PREVIEW_SCALES as readonly unknown[]).includes((v as PreviewLook).scale) &&
  typeof (v as PreviewLook).dots === 'boolean';

/**
 * Overview: the live preview at the chosen scale (optionally as LED dots), what is on screen and
 * what comes next (pushed by the display on every change), "show now", the service's health, and
 * the plugins the reconciler could not repair on its own.
 */
export class OverviewPage extends ServicedElement {
  static properties = { look: { state: true }, onDemand: { state: true } };
  declare look: PreviewLook;
  declare onDemand: { active: boolean; expiresAt: string | null } | null;
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
      .look {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2) var(--mq-space-3);
        align-items: center;
        margin-bottom: var(--mq-space-2);
      }
      .look select {
        width: auto;
      }
      .look label {
        display: inline-flex;
        gap: var(--mq-space-2);
        align-items: center;
      }
      .small {
        font-size: 0.85rem;
      }
      .glance {
        display: flex;
        gap: var(--mq-space-2);
        align-items: center;
        font-weight: 600;
      }
    `,
  ];

  /** Refreshed now and then for a display started on its own, which pushes nothing to this server. */
  private readonly current = new Resource<Screen>(this, {
    load: async (signal) => (await this.services.api.get<Screen>('/api/v3/display/current-status', { signal })).data,
    refreshMs: 15_000,
    // display.changed carries the whole status: an answer still on its way is older than it.
    setSupersedesLoad: true,
  });

  private readonly names = new PluginNames(this);

  private readonly health = new Resource<HealthData>(this, {
    load: async (signal) => (await this.services.api.get<HealthData>('/api/v3/health', { signal })).data,
    refreshMs: 10_000,
  });

  constructor() {
    super();
    this.look = readPreference(PREVIEW_KEY, { scale: 'fit', dots: true }, isLook);
    this.onDemand = null;
    this.addEventListener('mq-on-demand-change', (e) => (this.onDemand = e.detail));
    new EventSubscription(this, [EVENT_TYPES.displayChanged], (e: ServerEvent) => this.current.set(e.data as Screen));
    new LiveReload(this, {
      types: [],
      reload: () => {
        void this.current.reload();
        void this.health.reload();
      },
    });
  }

  protected render() {
    return html`<div class="head"><h1>Overview</h1></div>
      <mq-reconcile-banner></mq-reconcile-banner>
      <div class="grid">
        <section class="card" aria-labelledby="screen-h">
          <h2 id="screen-h">On screen</h2>
          ${this.renderLook()}
          <mq-preview
            class="large"
            label="Live preview of the panel, large"
            .scale=${this.look.scale}
            ?dots=${this.look.dots}
          ></mq-preview>
          <div data-section="current">
            ${this.current.render({ done: (s) => screenView(s, this.names.map, this.onDemandUntil()) })}
          </div>
        </section>
        <div>
          <section class="card" aria-labelledby="show-h">
            <h2 id="show-h">Show now</h2>
            <mq-on-demand></mq-on-demand>
          </section>
          <section class="card" aria-labelledby="svc-h" data-section="health">
            <h2 id="svc-h">Health</h2>
            ${this.health.render({ done: healthGlance })}
          </section>
        </div>
      </div>`;
  }

  /** When the on-demand session ends (null: until stopped), as the Show now card last heard. */
  private onDemandUntil(): string | null {
    return this.onDemand?.active ? this.onDemand.expiresAt : null;
  }

  private renderLook() {
    const setLook = (next: Partial<PreviewLook>) => {
      this.look = { ...this.look, ...next };
      writePreference(PREVIEW_KEY, this.look);
    };
    return html`<div class="look">
      <label
        >Scale
        <select
          name="scale"
          @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            setLook({ scale: v === 'fit' ? 'fit' : (Number(v) as PreviewScale) });
          }}
        >
          ${PREVIEW_SCALES.map(
            (s) =>
              html`<option value=${s} ?selected=${s === this.look.scale}>
                ${s === 'fit' ? 'Fit the width' : `${s}×`}
              </option>`,
          )}
        </select></label
      >
      <label
        ><input
          type="checkbox"
          name="dots"
          .checked=${this.look.dots}
          @change=${(e: Event) => setLook({ dots: (e.target as HTMLInputElement).checked })}
        />LED dots</label
      >
    </div>`;
  }
}

const GLANCE: Record<HealthData['status'], { text: string; glyph: 'ok' | 'warn' | 'error' }> = {
  healthy: { text: 'Your panel is OK', glyph: 'ok' },
  degraded: { text: 'Working, with something to look at', glyph: 'warn' },
  unhealthy: { text: 'Something needs your attention', glyph: 'error' },
};

/** The health at a glance, in words; the Health page says what and what to do. */
function healthGlance(h: HealthData) {
  const g = GLANCE[h.status];
  return html`<p class="glance ${h.status}" data-testid="overall" data-status=${h.status}>
      ${icon(g.glyph)}<span>${g.text}</span>
    </p>
    <p class="muted">Marquee ${h.version}, running for ${duration(h.uptime_s)}</p>
    <p><a href="#/health">${h.status === 'healthy' ? 'Health details' : 'What is wrong, and what to do'}</a></p>`;
}

customElements.define('mq-page-overview', OverviewPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-overview': OverviewPage;
  }
}
