import { html, nothing, type PropertyValues } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { problemText } from '../lib/problem-text.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { storeStyles } from './store-styles.ts';

/** One source as `GET /api/v3/plugins/store/status` describes it. */
interface SourceStatus {
  id: string;
  name: string;
  kind: string;
  origin: 'builtin' | 'settings' | 'saved';
  location: string;
  entries: number;
  fresh: boolean;
  has_copy: boolean;
  last_success_at: string | null;
  failures: number;
  last_error: { code: string; message: string | null; at: string | null } | null;
  next_attempt_at: string | null;
  refreshing: boolean;
}

export class StoreStaleEvent extends Event {
  constructor() {
    super('mq-store-stale', { bubbles: true, composed: true });
  }
}

const ORIGIN = Object.freeze({ builtin: 'built in', settings: 'from settings', saved: 'added here' } as const);

/**
 * Registry sources: each with how fresh its copy is and its last error, saved ones removable, and
 * a form to add one. Reloads when `generation` changes (the page bumps it after a refresh).
 */
export class StoreSources extends ServicedElement {
  static properties = {
    generation: { type: Number },
    adding: { state: true },
    addError: { state: true },
    removeError: { state: true },
    note: { state: true },
  };
  declare generation: number;
  declare adding: boolean;
  declare addError: ApiError | null;
  declare removeError: ApiError | null;
  declare note: string;

  static styles = [base, storeStyles];

  private readonly sources = new Resource<SourceStatus[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<{ sources: SourceStatus[] }>('/api/v3/plugins/store/status', { signal })).data
        .sources,
  });

  constructor() {
    super();
    this.generation = 0;
    this.adding = false;
    this.addError = null;
    this.removeError = null;
    this.note = '';
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has('generation') && changed.get('generation') !== undefined) void this.sources.reload();
  }

  protected render() {
    return html`${this.sources.render({ loadingText: 'Loading sources…', done: (list) => this.renderList(list) })}
      ${
        this.removeError
          ? html`<div class="remove-error">
              <p class="error-intro">Could not remove the source:</p>
              <mq-error .error=${this.removeError}></mq-error>
            </div>`
          : nothing
      }
      <p class="saved" role="status">${this.note}</p>
      ${this.renderAdd()}`;
  }

  private renderList(list: SourceStatus[]) {
    return html`<ul class="sources">
      ${list.map(
        (s) =>
          html`<li data-source=${s.kind === 'builtin' ? 'builtin' : s.location} data-fresh=${String(s.fresh)}>
            <div class="top">
              <strong>${s.name}</strong>
              <div class="badges">
                <span class="badge">${ORIGIN[s.origin] ?? s.origin}</span>
                <span class="badge ${s.fresh ? 'ok' : 'warn'}">${s.fresh ? 'Fresh' : 'Stale'}</span>
                <span class="badge">${s.entries} plugins</span>
              </div>
            </div>
            ${
              s.kind === 'builtin'
                ? html`<span class="location muted">The plugins that ship with Marquee</span>`
                : html`<span class="location muted">${s.location}</span>
                    <span class="muted">Last checked: ${dateTime(s.last_success_at)}</span>`
            }
            ${
              s.last_error
                ? html`<p class="last-error failed">
                    Last error (${s.last_error.code}, ${dateTime(s.last_error.at)}): ${s.last_error.message ?? ''}.
                    ${s.failures} failure${s.failures === 1 ? '' : 's'} in a row; next attempt
                    ${dateTime(s.next_attempt_at)}.
                    ${s.has_copy ? 'The last good copy is still used.' : 'No copy of it yet.'}
                  </p>`
                : nothing
            }
            ${
              s.origin === 'saved'
                ? html`<div class="actions">
                    <button type="button" class="danger remove" @click=${() => this.removeSource(s)}>
                      Remove ${s.name}
                    </button>
                  </div>`
                : nothing
            }
          </li>`,
      )}
    </ul>`;
  }

  private renderAdd() {
    const problem = this.addError?.problems.find((p) => p.field.endsWith('repo_url'));
    return html`<form class="stack add-source" @submit=${this.add}>
      <h3>Add a registry source</h3>
      <label
        >Registry URL or GitHub repository
        <input
          name="repo_url"
          required
          autocomplete="off"
          placeholder="https://…/plugins.json"
          aria-invalid=${problem ? 'true' : 'false'}
        />
      </label>
      ${problem ? html`<p class="field-error" role="alert">${problemText(problem, 'Registry URL')}</p>` : nothing}
      <label>Name (optional) <input name="name" autocomplete="off" /></label>
      <div class="actions"><button type="submit" ?disabled=${this.adding}>Add source</button></div>
      ${this.addError && !problem ? html`<mq-error class="add-error" .error=${this.addError}></mq-error>` : nothing}
    </form>`;
  }

  private async add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    this.adding = true;
    this.addError = null;
    this.note = '';
    try {
      const res = await this.services.api.post('/api/v3/plugins/saved-repositories', {
        repo_url: String(data.get('repo_url') ?? ''),
        ...(name ? { name } : {}),
      });
      this.note = res.message ?? 'Source added';
      form.reset();
      await this.sources.reload();
      this.dispatchEvent(new StoreStaleEvent());
    } catch (err) {
      this.addError = asApiError(err);
    } finally {
      this.adding = false;
    }
  }

  private async removeSource(s: SourceStatus) {
    this.removeError = null;
    this.note = '';
    try {
      const res = await this.services.api.request('DELETE', '/api/v3/plugins/saved-repositories', {
        body: { repo_url: s.location },
      });
      this.note = res.message ?? 'Source removed';
      await this.sources.reload();
      this.dispatchEvent(new StoreStaleEvent());
    } catch (err) {
      this.removeError = asApiError(err);
    }
  }
}

customElements.define('mq-store-sources', StoreSources);

declare global {
  interface HTMLElementTagNameMap {
    'mq-store-sources': StoreSources;
  }
  interface HTMLElementEventMap {
    'mq-store-stale': StoreStaleEvent;
  }
}
