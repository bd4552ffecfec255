import { css, html } from 'lit';
import { icon, type UiIcon } from '../lib/icons.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { THEME_LABELS, THEMES, type Theme } from '../lib/theme.ts';

const ICONS: Readonly<Record<Theme, UiIcon>> = Object.freeze({ dark: 'moon', light: 'sun', system: 'monitor' });

/**
 * The colour theme as three buttons (dark, light, follow system), one of them pressed. The choice
 * is kept in this browser; Settings › Appearance offers the same.
 */
export class ThemeSwitch extends ServicedElement {
  static properties = { current: { state: true } };
  declare current: Theme;

  static styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      .group {
        display: inline-flex;
        border: 1px solid var(--mq-border-strong);
        border-radius: var(--mq-radius);
        overflow: hidden;
      }
      button {
        border: none;
        border-radius: 0;
        min-height: 2rem;
        min-width: 2.25rem;
        padding: 0.25rem 0.45rem;
        background: transparent;
        color: var(--mq-muted);
      }
      button[aria-pressed='true'] {
        background: var(--mq-surface-3);
        color: var(--mq-text);
      }
    `,
  ];

  private unwatch: (() => void) | null = null;

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
    return html`<div class="group" role="group" aria-label="Colour theme">
      ${THEMES.map(
        (t) =>
          html`<button
            type="button"
            data-theme-choice=${t}
            aria-pressed=${String(t === this.current)}
            title=${THEME_LABELS[t]}
            @click=${() => this.choose(t)}
          >
            ${icon(ICONS[t], `${THEME_LABELS[t]} theme`)}
          </button>`,
      )}
    </div>`;
  }

  private choose(theme: Theme) {
    this.services.theme.set(theme);
  }
}

customElements.define('mq-theme-switch', ThemeSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'mq-theme-switch': ThemeSwitch;
  }
}
