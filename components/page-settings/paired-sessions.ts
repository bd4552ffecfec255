import { html, nothing } from 'lit';
import { deviceLabel } from '../../shared/device-label.ts';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { icon } from '../lib/icons.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** `GET /api/v3/auth/sessions` entries. */
interface Session {
  id: string;
  name: string;
  user_agent: string | null;
  created_at: string;
  last_used_at: string | null;
  current: boolean;
}

/**
 * The paired browsers: name, which browser, when paired and last used. Revoking asks first, in the
 * list; revoking this browser signs it out (the shell then shows the pairing screen).
 */
export class PairedSessions extends ServicedElement {
  static properties = { asking: { state: true }, error: { state: true }, message: { state: true } };
  declare asking: string | null;
  declare error: ApiError | null;
  declare message: string;
  static styles = [base, pageStyles];

  private readonly sessions = new Resource<Session[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<{ sessions: Session[] }>('/api/v3/auth/sessions', { signal })).data.sessions,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.asking = null;
    this.error = null;
    this.message = '';
  }

  protected render() {
    return html`${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      ${this.sessions.render({
        loadingText: 'Loading paired browsers…',
        emptyText: 'No browser is paired.',
        done: (list) =>
          html`<ul class="items">
            ${list.map((s) => this.renderSession(s))}
          </ul>`,
      })}`;
  }

  private renderSession(s: Session) {
    return html`<li data-session=${s.id}>
      <span>
        <span class="name">${s.name}</span>${s.current ? html` <span class="badge">this browser</span>` : nothing}<br />
        <span class="muted"
          >${deviceLabel(s.user_agent)} · paired ${dateTime(s.created_at)} · last used
          ${s.last_used_at ? dateTime(s.last_used_at) : 'not yet'}</span
        >
      </span>
      ${
        this.asking === s.id
          ? html`<span role="group" aria-label="Revoke ${s.name}?">
              <button type="button" class="danger confirm-revoke" @click=${() => this.revoke(s)}>
                ${s.current ? 'Sign out this browser' : `Revoke ${s.name}`}
              </button>
              <button type="button" @click=${() => (this.asking = null)}>Keep it</button>
            </span>`
          : html`<button type="button" class="revoke" @click=${() => (this.asking = s.id)}>
              ${icon('trash')}Revoke<span class="visually-hidden"> ${s.name}</span>
            </button>`
      }
    </li>`;
  }

  private async revoke(s: Session) {
    this.error = null;
    try {
      await this.services.api.del(`/api/v3/auth/sessions/${encodeURIComponent(s.id)}`);
      this.asking = null;
      this.message = `${s.name} revoked: it must pair again`;
      await this.sessions.reload();
    } catch (e) {
      this.error = asApiError(e);
    }
  }
}

customElements.define('mq-paired-sessions', PairedSessions);

declare global {
  interface HTMLElementTagNameMap {
    'mq-paired-sessions': PairedSessions;
  }
}
