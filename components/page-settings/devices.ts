import { html, LitElement } from 'lit';
import { base } from '../lib/styles.ts';
import './api-tokens.ts';
import './pair-device.ts';
import './paired-sessions.ts';

/** Settings › Devices and tokens: where other devices open Marquee, the paired browsers, API tokens. */
export class DevicesSettings extends LitElement {
  static styles = [base];

  protected render() {
    return html`<section class="card" aria-labelledby="pair-h" data-card="pair">
        <h2 id="pair-h">Other devices</h2>
        <mq-pair-device></mq-pair-device>
      </section>
      <section class="card" aria-labelledby="sessions-h" data-card="sessions">
        <h2 id="sessions-h">Paired browsers</h2>
        <mq-paired-sessions></mq-paired-sessions>
      </section>
      <section class="card" aria-labelledby="tokens-h" data-card="tokens">
        <h2 id="tokens-h">API tokens</h2>
        <p class="muted">
          For scripts and home automation, which cannot pair: each sends its token with every request.
        </p>
        <mq-api-tokens></mq-api-tokens>
      </section>`;
  }
}

customElements.define('mq-devices-settings', DevicesSettings);

declare global {
  interface HTMLElementTagNameMap {
    'mq-devices-settings': DevicesSettings;
  }
}
