import { LitElement, html } from 'lit';
import { createApi } from '../lib/api.ts';
import { STREAM_URLS } from '../../shared/events.ts';
import { createEventHub } from '../lib/events.ts';
import { pageLabel, parseHash, routeHash, type Route } from '../lib/router.ts';
import { provideServices, type Services } from '../lib/services.ts';
import { base } from '../lib/styles.ts';
import { createThemeController } from '../lib/theme.ts';
import { PAIRED_EVENT, signInOf, type SignIn } from '../lib/sign-in.ts';
import '../pairing-screen/pairing-screen.ts';
import '../theme-switch/theme-switch.ts';
import { renderPage } from './pages.ts';
import '../safe-mode/safe-mode-banner.ts';
import { shellStyles } from './styles.ts';

export const UNSAVED_PROMPT = 'You have unsaved changes. Leave this page and discard them?';

/**
 * The application shell: header with the live preview and the connection indicator, the main
 * navigation, and the current page. It owns the services every view uses (API client, event hub)
 * and guards navigation away from unsaved changes. Until this browser is signed in (and whenever
 * the server says it no longer is) it shows the pairing screen instead, and no page, preview or
 * event stream runs.
 */
export class AppShell extends LitElement {
  static properties = { route: { state: true }, pageTitle: { state: true }, signIn: { state: true } };
  declare route: Route;
  declare signIn: SignIn;
  /** The page's own name for itself (a plugin's settings page names the plugin), else the route's. */
  declare pageTitle: string;
  /** Whether the current page reported unsaved changes (`mq-dirty-change`). */
  private unsaved = false;
  readonly services: Services;
  private release: (() => void) | null = null;

  static styles = [base, shellStyles];

  constructor() {
    super();
    this.route = parseHash(location.hash);
    this.pageTitle = '';
    // The app opens at once (no round trip first, the usual case); the first answer saying this
    // browser is not signed in, from the status check or any page's request, swaps in pairing.
    this.signIn = 'signed-in';
    this.services = {
      api: createApi('', { onAuthRequired: () => (this.signIn = 'pairing') }),
      events: createEventHub({ url: STREAM_URLS.events }),
      navigate: (route) => {
        location.hash = routeHash(route);
      },
      theme: createThemeController(),
    };
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.release = provideServices(this, this.services);
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('mq-dirty-change', this.onDirty);
    this.addEventListener('mq-page-title', this.onTitle);
    this.addEventListener(PAIRED_EVENT, this.onPaired);
    void signInOf(this.services.api).then((state) => {
      if (state === 'pairing') this.signIn = state;
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release?.();
    window.removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener('mq-dirty-change', this.onDirty);
    this.removeEventListener('mq-page-title', this.onTitle);
    this.removeEventListener(PAIRED_EVENT, this.onPaired);
    this.services.theme.stop();
  }

  protected firstUpdated(): void {
    performance.mark('mq-shell-ready');
  }

  protected updated(changed: Map<string, unknown>): void {
    if (changed.has('route') || changed.has('pageTitle') || changed.has('signIn'))
      document.title = `${this.label()} · Marquee`;
  }

  protected render() {
    if (this.signIn !== 'signed-in')
      return html`<header class="top">
          <span class="brand">Marquee</span>
          <mq-theme-switch></mq-theme-switch>
        </header>
        <main id="main" tabindex="-1" aria-label="Pair this browser"><mq-pairing></mq-pairing></main>`;
    return html`<a class="skip" href="#main" @click=${this.skipToMain}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/overview">Marquee</a>
        <mq-preview class="mini" label="Live preview of the panel"></mq-preview>
        <mq-connection></mq-connection>
        <mq-theme-switch></mq-theme-switch>
      </header>
      <div class="layout">
        <mq-nav class="side" .current=${this.route.page}></mq-nav>
        <main id="main" tabindex="-1" aria-label=${this.label()}>
          <mq-safe-mode-banner></mq-safe-mode-banner>${renderPage(this.route)}
        </main>
      </div>`;
  }

  private label(): string {
    if (this.signIn === 'pairing') return 'Pair this browser';
    return this.pageTitle || pageLabel(this.route);
  }

  private readonly onPaired = () => {
    this.signIn = 'signed-in';
  };

  private readonly onTitle = (e: Event) => {
    this.pageTitle = (e as CustomEvent<{ title: string }>).detail?.title ?? '';
  };

  private readonly onDirty = (e: Event) => {
    this.unsaved = Boolean((e as CustomEvent<{ dirty: boolean }>).detail?.dirty);
  };

  private readonly onHashChange = () => {
    const next = parseHash(location.hash);
    if (routeHash(next) === routeHash(this.route)) return;
    if (this.unsaved && !window.confirm(UNSAVED_PROMPT)) {
      history.replaceState(history.state, '', routeHash(this.route));
      return;
    }
    this.unsaved = false;
    this.pageTitle = '';
    this.route = next;
    // Keyboard and screen-reader users land on the new page, not back at the top of the shell.
    void this.updateComplete.then(() => this.main()?.focus());
  };

  private skipToMain(e: Event) {
    e.preventDefault();
    this.main()?.focus();
  }

  private main(): HTMLElement | null {
    return this.renderRoot.querySelector('main');
  }
}

customElements.define('mq-app', AppShell);

declare global {
  interface HTMLElementTagNameMap {
    'mq-app': AppShell;
  }
  interface HTMLElementEventMap {
    'mq-dirty-change': CustomEvent<{ dirty: boolean }>;
    'mq-page-title': CustomEvent<{ title: string }>;
  }
}
