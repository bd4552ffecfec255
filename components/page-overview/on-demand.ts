import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** The session, as `state` of every on-demand answer (LEDMatrix's shape: `{state, service}`). */
interface OnDemandStatus {
  active: boolean;
  status: 'active' | 'stopped' | 'expired' | 'idle';
  plugin_id: string | null;
  mode: string | null;
  expires_at: string | null;
}

interface OnDemandAnswer {
  state: OnDemandStatus;
  service: { active: boolean };
}

interface Installed {
  id: string;
  name: string;
  enabled: boolean;
  state: string;
}

/** How long "show now" lasts; 0 is until stopped. */
export const ON_DEMAND_DURATIONS = [
  [0, 'Until stopped'],
  [30, '30 seconds'],
  [60, '1 minute'],
  [300, '5 minutes'],
  [900, '15 minutes'],
  [3600, '1 hour'],
] as const;

/** Not offered: there is nothing on disk to run. Others are (the server says why one cannot run). */
const NOT_RUNNABLE = new Set(['missing', 'uninstalled']);
const NOTE: Record<string, string> = {
  disabled: ' (off)',
  error: ' (has an error)',
  incompatible: ' (incompatible)',
};

/** Sent when the on-demand session changes; its detail is when it ends (null: until stopped, or none). */
export class OnDemandChangeEvent extends CustomEvent<{ active: boolean; expiresAt: string | null }> {
  constructor(s: OnDemandStatus) {
    super('mq-on-demand-change', {
      detail: { active: s.active, expiresAt: s.expires_at },
      bubbles: true,
      composed: true,
    });
  }
}

/** "Show now": puts one plugin on the panel at once (any plugin, on or off), and stops it again. */
export class OnDemandControls extends ServicedElement {
  static properties = { selected: { state: true }, duration: { state: true }, busy: { state: true } };
  declare selected: string;
  declare duration: number;
  declare busy: boolean;
  private error: ApiError | null = null;
  private message = '';
  static styles = [
    base,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.15rem;
        flex: 1 1 9rem;
        font-size: 0.9rem;
      }
      .buttons {
        display: flex;
        gap: var(--mq-space-2);
      }
      .status {
        margin-top: var(--mq-space-2);
      }
    `,
  ];

  private readonly status = new Resource<OnDemandStatus>(this, {
    load: async (signal) =>
      (await this.services.api.get<OnDemandAnswer>('/api/v3/display/on-demand/status', { signal })).data.state,
  });

  private announced: OnDemandStatus | undefined;

  protected updated(): void {
    const s = this.status.value;
    if (s && s !== this.announced) {
      this.announced = s;
      this.dispatchEvent(new OnDemandChangeEvent(s));
    }
  }

  private readonly plugins = new Resource<Installed[]>(this, {
    load: async (signal) =>
      (
        await this.services.api.get<{ plugins: Installed[] }>('/api/v3/plugins/installed', { signal })
      ).data.plugins.filter((p) => !NOT_RUNNABLE.has(p.state)),
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.selected = '';
    this.duration = 0;
    this.busy = false;
    new LiveReload(this, { types: [EVENT_TYPES.displayChanged], reload: () => void this.status.reload() });
    new LiveReload(this, { types: [EVENT_TYPES.pluginChanged], reload: () => void this.plugins.reload() });
  }

  protected render() {
    return html`${this.plugins.render({
        loadingText: 'Loading plugins…',
        empty: () => html`<p class="empty">No plugin is installed. <a href="#/store">Find one in the Store.</a></p>`,
        done: (list) => this.renderForm(list),
      })}
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      <div class="status" data-section="on-demand-status">
        ${this.status.render({
          done: (s) =>
            s.active
              ? html`<p>
                  Showing
                  <strong data-testid="on-demand" data-plugin=${s.plugin_id}>${this.nameOf(s.plugin_id)}</strong>
                  ${s.expires_at ? `until ${new Date(s.expires_at).toLocaleTimeString()}` : 'until you stop it'}.
                </p>`
              : html`<p class="muted">Nothing is shown on demand; the rotation runs.</p>`,
        })}
      </div>`;
  }

  private nameOf(id: string | null): string {
    const p = this.plugins.value?.find((x) => x.id === id);
    return p?.name || id || '';
  }

  private renderForm(list: Installed[]) {
    const selected = list.some((p) => p.id === this.selected) ? this.selected : list[0]!.id;
    const active = this.status.value?.active ?? false;
    return html`<form @submit=${(e: Event) => this.start(e, selected)}>
      <label
        >Plugin
        <select name="plugin" @change=${(e: Event) => (this.selected = (e.target as HTMLSelectElement).value)}>
          ${list.map(
            (p) =>
              html`<option value=${p.id} ?selected=${p.id === selected}>
                ${p.name || p.id}${NOTE[p.enabled ? p.state : 'disabled'] ?? ''}
              </option>`,
          )}
        </select></label
      >
      <label
        >For
        <select
          name="duration"
          @change=${(e: Event) => (this.duration = Number((e.target as HTMLSelectElement).value))}
        >
          ${ON_DEMAND_DURATIONS.map(
            ([s, text]) => html`<option value=${s} ?selected=${s === this.duration}>${text}</option>`,
          )}
        </select></label
      >
      <div class="buttons">
        <button type="submit" class="primary" ?disabled=${this.busy}>Show now</button>
        <button type="button" ?disabled=${this.busy || !active} @click=${this.stop}>Stop</button>
      </div>
    </form>`;
  }

  private start(e: Event, pluginId: string) {
    e.preventDefault();
    void this.act(() =>
      this.services.api.post<OnDemandAnswer>('/api/v3/display/on-demand/start', {
        plugin_id: pluginId,
        duration: this.duration || null,
      }),
    );
  }

  private readonly stop = () =>
    void this.act(() => this.services.api.post<OnDemandAnswer>('/api/v3/display/on-demand/stop'));

  /** Runs one request; its answer becomes the status shown, its failure stays on screen with the choices kept. */
  private async act(send: () => Promise<{ data: OnDemandAnswer; message?: string }>) {
    this.busy = true;
    this.error = null;
    this.message = '';
    try {
      const res = await send();
      this.status.set(res.data.state);
      this.message = res.data.state.active
        ? `${this.nameOf(res.data.state.plugin_id)} is on your panel now`
        : 'Back to the rotation';
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('mq-on-demand', OnDemandControls);

declare global {
  interface HTMLElementTagNameMap {
    'mq-on-demand': OnDemandControls;
  }
  interface HTMLElementEventMap {
    'mq-on-demand-change': OnDemandChangeEvent;
  }
}
