import { css, html, nothing } from 'lit';
import { deviceLabel } from '../../shared/device-label.ts';
import { asApiError, type ApiError } from '../lib/api.ts';
import { icon } from '../lib/icons.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { PAIRED_EVENT } from '../lib/sign-in.ts';
import { base } from '../lib/styles.ts';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Shown instead of the app while this browser is not signed in: it puts a code on the panel, says
 * where to find it (the panel, or the log), and trades the typed code for a session. The session
 * lives in an HttpOnly cookie the page never sees; nothing is kept in the page's storage.
 * Sends `mq-paired` once paired.
 */
export class PairingScreen extends ServicedElement {
  static properties = {
    expiresAt: { state: true },
    askError: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare expiresAt: string | null;
  declare askError: ApiError | null;
  declare error: ApiError | null;
  declare busy: boolean;
  static styles = [
    base,
    css`
      :host {
        display: block;
        max-width: 34rem;
      }
      form {
        display: grid;
        gap: var(--mq-space-2);
        margin: var(--mq-space-3) 0;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-weight: 600;
      }
      input[name='code'] {
        font-family: var(--mq-mono);
        font-size: 1.5rem;
        letter-spacing: 0.15em;
        max-width: 12ch;
      }
      .where {
        border-left: 4px solid var(--mq-accent);
        padding-left: var(--mq-space-2);
      }
    `,
  ];

  constructor() {
    super();
    this.expiresAt = null;
    this.askError = null;
    this.error = null;
    this.busy = false;
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.showCode();
  }

  protected render() {
    return html`<section class="card" aria-labelledby="pair-h">
      <h1 id="pair-h">Pair this browser</h1>
      <p>Marquee lets a browser change things only once it has typed a code that the panel shows.</p>
      <p class="where">
        <strong>Look at the panel:</strong> an 8-digit code runs along its bottom edge. No panel in sight? The code is
        in Marquee's log too: <code>journalctl -u marquee-web</code> on a Raspberry Pi, or the terminal running
        <code>npm start</code>.
      </p>
      <p role="status" class="muted">
        ${this.expiresAt ? `The code on the panel works until ${time(this.expiresAt)}.` : 'Putting a code on the panel…'}
      </p>
      ${this.askError ? html`<mq-error .error=${this.askError}></mq-error>` : nothing}
      <form @submit=${this.pair}>
        <label
          >Code
          <input
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            placeholder="1234 5678"
            maxlength="11"
            required
            pattern="[0-9 \\-]{8,11}"
          />
        </label>
        <label
          >Name of this device
          <input name="device" maxlength="60" required .value=${deviceLabel(navigator.userAgent)} />
        </label>
        <p><button class="primary" type="submit" ?disabled=${this.busy}>${icon('ok')}Pair this browser</button></p>
      </form>
      ${this.error ? html`<mq-error class="pair-error" .error=${this.error}></mq-error>` : nothing}
      <p>
        <button type="button" @click=${() => this.showCode()}>${icon('refresh')}Show a code on the panel</button>
        <span class="muted">A code works once, for 5 minutes; a new one appears when it has run out.</span>
      </p>
    </section>`;
  }

  private async showCode() {
    this.askError = null;
    try {
      const { data } = await this.services.api.post<{ expires_at: string }>('/api/v3/auth/pairing/show');
      this.expiresAt = data.expires_at;
    } catch (e) {
      this.askError = asApiError(e);
    }
  }

  private async pair(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const code = (form.elements.namedItem('code') as HTMLInputElement).value;
    const name = (form.elements.namedItem('device') as HTMLInputElement).value.trim();
    this.busy = true;
    this.error = null;
    try {
      await this.services.api.post('/api/v3/auth/pair', { code, device_name: name || undefined });
      this.dispatchEvent(new CustomEvent(PAIRED_EVENT, { bubbles: true, composed: true }));
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('mq-pairing', PairingScreen);

declare global {
  interface HTMLElementTagNameMap {
    'mq-pairing': PairingScreen;
  }
}
