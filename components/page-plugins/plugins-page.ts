import { html } from 'lit';
import { EVENT_TYPES } from '../lib/event-types.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** One installed plugin as `GET /api/v3/plugins/installed` lists it. */
interface InstalledPlugin {
  id: string;
  name?: string;
  version?: string;
  enabled?: boolean;
}

const listOf = (data: unknown): InstalledPlugin[] => {
  const list = Array.isArray(data) ? data : (data as { plugins?: unknown })?.plugins;
  return Array.isArray(list) ? (list as InstalledPlugin[]) : [];
};

/** Plugins: the installed plugins with their state, each linking to its settings. */
export class PluginsPage extends ServicedElement {
  static styles = [base, pageStyles];

  private readonly plugins = new Resource<InstalledPlugin[]>(this, {
    load: async (signal) => listOf((await this.services.api.get('/api/v3/plugins/installed', { signal })).data),
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    new EventSubscription(this, [EVENT_TYPES.pluginChanged, EVENT_TYPES.operationFinished], () =>
      this.plugins.reload(),
    );
  }

  protected render() {
    return html`<div class="head"><h1>Plugins</h1></div>
      ${this.plugins.render({
        loadingText: 'Loading installed plugins…',
        empty: () => html`<p class="empty">No plugins installed yet. <a href="#/store">Find some in the Store.</a></p>`,
        done: (list) =>
          html`<ul class="items">
            ${list.map(
              (p) =>
                html`<li data-plugin=${p.id}>
                  <span class="name">${p.name ?? p.id}</span>
                  <span class="muted">${p.version ?? ''}</span>
                  <span class="badge ${p.enabled ? 'ok' : ''}">${p.enabled ? 'enabled' : 'disabled'}</span>
                  <a href="#/plugins/${encodeURIComponent(p.id)}">Settings</a>
                </li>`,
            )}
          </ul>`,
      })}`;
  }
}

customElements.define('mq-page-plugins', PluginsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-plugins': PluginsPage;
  }
}
