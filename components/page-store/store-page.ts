import { html } from 'lit';
import { EVENT_TYPES } from '../lib/event-types.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { EventSubscription, ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** One registry entry as `GET /api/v3/plugins/store/list` lists it. */
interface StoreEntry {
  id: string;
  name?: string;
  description?: string;
  verified?: boolean;
  installed?: boolean;
}

const listOf = (data: unknown): StoreEntry[] => {
  const list = Array.isArray(data) ? data : (data as { plugins?: unknown })?.plugins;
  return Array.isArray(list) ? (list as StoreEntry[]) : [];
};

/** Store: search the registries' plugins. */
export class StorePage extends ServicedElement {
  static properties = { query: { state: true } };
  declare query: string;
  static styles = [base, pageStyles];

  private readonly entries = new Resource<StoreEntry[]>(this, {
    load: async (signal) =>
      listOf(
        (
          await this.services.api.get('/api/v3/plugins/store/list', {
            signal,
            query: { query: this.query || undefined },
          })
        ).data,
      ),
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.query = '';
    new EventSubscription(this, [EVENT_TYPES.operationFinished], () => this.entries.reload());
  }

  protected render() {
    return html`<div class="head"><h1>Store</h1></div>
      <form class="filters" role="search" @submit=${this.onSearch}>
        <label>Search plugins <input type="search" name="query" .value=${this.query} /></label>
        <button type="submit">Search</button>
      </form>
      ${this.entries.render({
        loadingText: 'Loading the store…',
        emptyText: this.query ? `No plugin matches “${this.query}”.` : 'The store is empty.',
        done: (list) =>
          html`<ul class="items">
            ${list.map(
              (p) =>
                html`<li data-plugin=${p.id}>
                  <span class="name">${p.name ?? p.id}</span>
                  ${p.verified ? html`<span class="badge ok">verified</span>` : ''}
                  ${p.installed ? html`<span class="badge">installed</span>` : ''}
                  <span class="muted">${p.description ?? ''}</span>
                </li>`,
            )}
          </ul>`,
      })}`;
  }

  private onSearch(e: SubmitEvent) {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('query') as HTMLInputElement;
    this.query = input.value.trim();
    void this.entries.reload();
  }
}

customElements.define('mq-page-store', StorePage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-store': StorePage;
  }
}
