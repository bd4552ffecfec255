import { html, nothing } from 'lit';
import { EVENT_TYPES } from '../../shared/events.ts';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base, warningBanner } from '../lib/styles.ts';

/** `GET /api/v3/system/safe-mode` data. */
export interface SafeModeState {
  active: boolean;
  process: 'web' | 'display' | null;
  reason: string | null;
  entered_at: string | null;
  ends_at: string | null;
  paused_plugins: string[];
}

/** Re-read this often too: the display may enter safe mode without the web process telling anyone. */
const REFRESH_MS = 60_000;

/**
 * Safe mode, above every page while it lasts: why (the last crash), which plugins are paused, when
 * it ends by itself, and a button to end it now. Renders nothing otherwise.
 */
export class SafeModeBanner extends ServicedElement {
  static properties = { leaving: { state: true } };
  declare leaving: boolean;
  private error: ApiError | null = null;

  static styles = [base, warningBanner];

  private readonly state = new Resource<SafeModeState>(this, {
    load: async (signal) => (await this.services.api.get<SafeModeState>('/api/v3/system/safe-mode', { signal })).data,
    refreshMs: REFRESH_MS,
    setSupersedesLoad: true,
  });

  constructor() {
    super();
    this.leaving = false;
    new EventSubscription(this, [EVENT_TYPES.safeModeChanged], (e) => this.state.set(e.data as SafeModeState));
  }

  protected render() {
    const s = this.state.value;
    if (!s?.active) return nothing;
    const paused = s.paused_plugins.length ? s.paused_plugins.join(', ') : 'none enabled';
    return html`<section class="banner" role="alert" aria-labelledby="safe-h" data-safe-mode>
      <h2 id="safe-h">Safe mode: third-party plugins are paused</h2>
      <p>
        The ${s.process ?? 'Marquee'} process crashed three times within five minutes of starting. Only the plugins that
        ship with Marquee run until you end safe
        mode${s.ends_at ? html`, or until ${dateTime(s.ends_at)} if nothing crashes` : ''}.
      </p>
      <p>Last crash: <code data-reason>${s.reason ?? 'unknown'}</code></p>
      <p>Paused: ${paused}</p>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <button type="button" class="primary" ?disabled=${this.leaving} @click=${this.leave}>End safe mode</button>
    </section>`;
  }

  private readonly leave = async () => {
    this.leaving = true;
    this.error = null;
    try {
      const res = await this.services.api.post<SafeModeState>('/api/v3/system/safe-mode/exit');
      this.state.set(res.data);
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.leaving = false;
    }
  };
}

customElements.define('mq-safe-mode-banner', SafeModeBanner);

declare global {
  interface HTMLElementTagNameMap {
    'mq-safe-mode-banner': SafeModeBanner;
  }
}
