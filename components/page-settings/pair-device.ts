import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { copyText } from '../lib/clipboard.ts';
import { icon } from '../lib/icons.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { groupedCode, type AuthStatus } from '../lib/sign-in.ts';
import { base } from '../lib/styles.ts';

/** `GET /api/v3/system/addresses`. */
interface Addresses {
  listen_host: string;
  local_only: boolean;
  urls: string[];
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Settings › Devices and tokens, first card: where another device opens Marquee, and a new
 * pairing code for it (shown here and on the panel). Says so when sign-in is off.
 */
export class PairDevice extends ServicedElement {
  static properties = { code: { state: true }, error: { state: true }, busy: { state: true } };
  declare code: { code: string; expires_at: string } | null;
  declare error: ApiError | null;
  declare busy: boolean;
  static styles = [
    base,
    css`
      .code {
        font-family: var(--mq-mono);
        font-size: 2rem;
        letter-spacing: 0.15em;
        margin: var(--mq-space-2) 0;
      }
      ul {
        margin: 0 0 var(--mq-space-2);
        padding-left: 1.25rem;
      }
    `,
  ];

  private readonly place = new Resource<{ addresses: Addresses; status: AuthStatus }>(this, {
    load: async (signal) => {
      const { api } = this.services;
      const [addresses, status] = await Promise.all([
        api.get<Addresses>('/api/v3/system/addresses', { signal }),
        api.get<AuthStatus>('/api/v3/auth/status', { signal }),
      ]);
      return { addresses: addresses.data, status: status.data };
    },
  });

  constructor() {
    super();
    this.code = null;
    this.error = null;
    this.busy = false;
  }

  protected render() {
    return this.place.render({
      loadingText: 'Loading addresses…',
      done: ({ addresses, status }) =>
        html`${this.renderAddresses(addresses)}
        ${
          status.required
            ? this.renderPairing()
            : html`<p class="auth-off" role="note">
                ${icon('warn')}Sign-in is off (<code>MARQUEE_AUTH=off</code>): anyone who can reach Marquee can change
                it, without pairing.
              </p>`
        }`,
    });
  }

  private renderAddresses(a: Addresses) {
    if (a.local_only)
      return html`<p class="addresses">
        Marquee listens on <code>${a.listen_host}</code>: only this machine can open it. Start it with
        <code>MARQUEE_HOST=0.0.0.0</code> to open it from a phone or laptop.
      </p>`;
    return html`<p>Open Marquee on another device of this network at:</p>
      <ul class="addresses">
        ${a.urls.map((u) => html`<li><a href=${u}>${u}</a></li>`)}
      </ul>`;
  }

  private renderPairing() {
    return html`<p>
        <button type="button" class="primary pair-another" ?disabled=${this.busy} @click=${this.newCode}>
          ${icon('plus')}Pair another device
        </button>
      </p>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      ${
        this.code
          ? html`<div role="status" class="new-code">
              <p>Type this code on the other device's pairing screen, before ${time(this.code.expires_at)}:</p>
              <p class="code" data-code=${this.code.code}>${groupedCode(this.code.code)}</p>
              <p class="muted">The panel shows it too. It works once.</p>
              <button type="button" @click=${() => copyText(this.code!.code)}>${icon('link')}Copy the code</button>
            </div>`
          : nothing
      }`;
  }

  private readonly newCode = async () => {
    this.busy = true;
    this.error = null;
    try {
      this.code = (await this.services.api.post<{ code: string; expires_at: string }>('/api/v3/auth/pairing')).data;
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.busy = false;
    }
  };
}

customElements.define('mq-pair-device', PairDevice);

declare global {
  interface HTMLElementTagNameMap {
    'mq-pair-device': PairDevice;
  }
}
