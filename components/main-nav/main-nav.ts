import { LitElement, css, html } from 'lit';
import { icon } from '../lib/icons.ts';
import { PAGES, routeHash, type PageName } from '../lib/router.ts';
import { base } from '../lib/styles.ts';

const KEYS_NEXT = new Set(['ArrowDown', 'ArrowRight']);
const KEYS_PREV = new Set(['ArrowUp', 'ArrowLeft']);

/**
 * The main navigation: plain links (Tab reaches each one; Enter follows it), plus arrow keys, Home
 * and End to move between them. The current page is marked with `aria-current`.
 */
export class MainNav extends LitElement {
  static properties = { current: {} };
  declare current: PageName;

  static styles = [
    base,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: var(--mq-space-1);
      }
      a {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.15rem;
        padding: 0.4rem 0.25rem;
        border-radius: var(--mq-radius);
        color: var(--mq-text);
        text-decoration: none;
        text-align: center;
        border: 1px solid var(--mq-border);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      a:hover {
        background: var(--mq-surface-2);
      }
      a[aria-current='page'] {
        background: var(--mq-surface-3);
        border-color: var(--mq-accent);
        font-weight: 600;
      }
      @media (min-width: 800px) {
        ul {
          grid-template-columns: 1fr;
        }
        a {
          flex-direction: row;
          gap: var(--mq-space-2);
          text-align: left;
          padding: 0.5rem 0.75rem;
          border-color: transparent;
        }
      }
    `,
  ];

  constructor() {
    super();
    this.current = 'overview';
  }

  protected render() {
    return html`<nav aria-label="Main">
      <ul @keydown=${this.onKey}>
        ${PAGES.map(
          (p) =>
            html`<li>
              <a href=${routeHash({ page: p.page })} aria-current=${p.page === this.current ? 'page' : 'false'}
                >${icon(p.page)}<span>${p.label}</span></a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  private onKey(e: KeyboardEvent) {
    const links = [...this.renderRoot.querySelectorAll('a')];
    const at = links.indexOf(e.target as HTMLAnchorElement);
    if (at < 0) return;
    let next = -1;
    if (KEYS_NEXT.has(e.key)) next = (at + 1) % links.length;
    else if (KEYS_PREV.has(e.key)) next = (at - 1 + links.length) % links.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = links.length - 1;
    if (next < 0) return;
    e.preventDefault();
    links[next]!.focus();
  }
}

customElements.define('mq-nav', MainNav);

declare global {
  interface HTMLElementTagNameMap {
    'mq-nav': MainNav;
  }
}
