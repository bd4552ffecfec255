import { html } from 'lit';
import { humanize } from '../lib/format.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** Core sections of `config/config.json` this page is about (plugin sections live on the Plugins page). */
const CORE_SECTIONS = ['display', 'schedule', 'dim_schedule', 'timezone', 'location', 'plugin_system', 'web'] as const;

/** Settings: the core sections of the main config, from `GET /api/v3/config/main`. */
export class SettingsPage extends ServicedElement {
  static styles = [base, pageStyles];

  private readonly config = new Resource<Record<string, unknown>>(this, {
    load: async (signal) =>
      (await this.services.api.get<Record<string, unknown>>('/api/v3/config/main', { signal })).data ?? {},
    isEmpty: (c) => !CORE_SECTIONS.some((s) => s in c),
  });

  protected render() {
    return html`<div class="head"><h1>Settings</h1></div>
      ${this.config.render({
        loadingText: 'Loading settings…',
        emptyText: 'No core settings are stored yet.',
        done: (c) =>
          html`${CORE_SECTIONS.filter((s) => s in c).map(
            (s) =>
              html`<section class="card" data-section=${s}>
                <h2>${humanize(s)}</h2>
                <pre>${JSON.stringify(c[s], null, 2)}</pre>
              </section>`,
          )}`,
      })}`;
  }
}

customElements.define('mq-page-settings', SettingsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-settings': SettingsPage;
  }
}
