import { css, html } from 'lit';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { THEME_LABELS, THEMES, type Theme } from '../lib/theme.ts';

const HINTS: Readonly<Record<Theme, string>> = Object.freeze({
  dark: 'Easy on the eyes in a dim room, where the panel usually is.',
  light: 'For bright rooms and daylight.',
  system: "Dark or light as this device's own setting says.",
});

/** Settings › Appearance: the colour theme of this browser (the same choice as the header's buttons). */
export class AppearanceSettings extends ServicedElement {
  static properties = { current: { state: true } };
  declare current: Theme;
  private unwatch: (() => void) | null = null;

  static styles = [
    base,
    css`
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--mq-space-2);
      }
      label {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 var(--mq-space-2);
        align-items: start;
        cursor: pointer;
      }
      .hint {
        grid-column: 2;
        font-size: 0.9rem;
      }
    `,
  ];

  connectedCallback(): void {
    super.connectedCallback();
    this.current = this.services.theme.theme;
    this.unwatch = this.services.theme.watch((t) => (this.current = t));
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = null;
  }

  protected render() {
    return html`<fieldset>
        <legend>Colour theme</legend>
        ${THEMES.map(
          (t) =>
            html`<label>
              <input
                type="radio"
                name="theme"
                value=${t}
                .checked=${t === this.current}
                @change=${() => this.services.theme.set(t)}
              />
              <span>${THEME_LABELS[t]}</span>
              <span class="hint muted">${HINTS[t]}</span>
            </label>`,
        )}
      </fieldset>
      <p class="muted">Kept in this browser only; other devices keep their own choice.</p>`;
  }
}

customElements.define('mq-appearance', AppearanceSettings);

declare global {
  interface HTMLElementTagNameMap {
    'mq-appearance': AppearanceSettings;
  }
}
