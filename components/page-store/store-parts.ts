import { html, nothing } from 'lit';
import { dateTime } from '../lib/format.ts';
import { age, filterOptions, NO_FILTERS, type Filters, type Freshness, type StoreEntry } from './store-model.ts';

/**
 * How fresh the list is: when it was last confirmed, a warning when it is stale (served from the
 * cache while a background refresh runs), and each source that failed, with what to do about it.
 */
export function renderFreshness(f: Freshness, refreshing: boolean) {
  const ago = age(f.fetched_at);
  const line = html`<p class="freshness muted" data-stale=${String(f.stale)}>
    ${ago ? html`Registry data confirmed ${ago} ago.` : 'The registry has not been reached yet.'}
    ${refreshing ? html`<span class="refreshing" role="status">Refreshing…</span>` : nothing}
  </p>`;
  if (!f.stale && !f.source_errors.length) return line;
  return html`${line}
    <div class="notice stale-notice" role="status">
      ${
        f.stale
          ? html`<p>
              <strong>This list may be out of date.</strong> Marquee shows its last good copy and is refreshing it in
              the background.
            </p>`
          : nothing
      }
      ${
        f.source_errors.length
          ? html`<ul class="source-errors">
                ${f.source_errors.map(
                  (e) =>
                    html`<li data-source=${e.source}>
                      <strong>${e.name}</strong>: ${e.message ?? 'failed'} (${e.code ?? 'unknown error'}; ${e.failures}
                      failure${e.failures === 1 ? '' : 's'} in a
                      row${e.next_attempt_at ? html`; next attempt ${dateTime(e.next_attempt_at)}` : nothing}).
                      ${e.has_copy ? 'Its last good copy is still listed.' : 'None of its plugins can be listed yet.'}
                    </li>`,
                )}
              </ul>
              <p class="muted">
                Check this device's internet connection and the source's address under Registry sources, then refresh.
              </p>`
          : nothing
      }
    </div>`;
}

/** Search, category, tag and verified filters; every change applies at once. */
export function renderFilters(f: Filters, all: readonly StoreEntry[], set: (f: Filters) => void) {
  const { categories, tags } = filterOptions(all);
  const text = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const active = f.query || f.category || f.tag || f.verifiedOnly;
  return html`<form class="filters" role="search" @submit=${(e: Event) => e.preventDefault()}>
    <label
      >Search plugins
      <input
        type="search"
        name="query"
        .value=${f.query}
        placeholder="Name, description, author"
        @input=${(e: Event) => set({ ...f, query: text(e) })}
    /></label>
    <label
      >Category
      <select name="category" @change=${(e: Event) => set({ ...f, category: text(e) })}>
        <option value="" ?selected=${!f.category}>All</option>
        ${categories.map((c) => html`<option value=${c} ?selected=${c === f.category}>${c}</option>`)}
      </select>
    </label>
    <label
      >Tag
      <select name="tag" @change=${(e: Event) => set({ ...f, tag: text(e) })}>
        <option value="" ?selected=${!f.tag}>All</option>
        ${tags.map((t) => html`<option value=${t} ?selected=${t === f.tag}>${t}</option>`)}
      </select>
    </label>
    <label class="check"
      ><input
        type="checkbox"
        name="verified"
        .checked=${f.verifiedOnly}
        @change=${(e: Event) => set({ ...f, verifiedOnly: (e.target as HTMLInputElement).checked })}
      />
      Verified only</label
    >
    ${active ? html`<button type="button" class="clear" @click=${() => set(NO_FILTERS)}>Clear filters</button>` : nothing}
  </form>`;
}

/** A LEDMatrix (Python) plugin's badge. */
export const runtimeBadge = (e: StoreEntry) =>
  e.runtime === 'python'
    ? html`<span class="badge runtime" title="A LEDMatrix plugin, run by the Python host">Python</span>`
    : nothing;

/** Instead of Install, for a plugin this machine cannot run: why, and what to install. */
export const notRunnable = (e: StoreEntry) =>
  html`<p class="not-runnable warn" role="note">${e.runnableReason || 'This machine cannot run this plugin.'}</p>`;
