import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { icon } from '../lib/icons.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { PluginNames } from '../lib/plugin-names.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { configDiff, sectionLabel, type Change } from './config-diff.ts';

/** `GET /api/v3/config/backups` entries, newest first. */
interface Backup {
  id: string;
  created_at: string;
  reason?: string;
  changed_sections?: string[];
  size_bytes: { main: number; secrets: number };
}

/** A restore being reviewed: the backup and what it would change. */
interface Review {
  backup: Backup;
  changes: Change[];
}

export const RESTORED_EVENT = 'mq-config-restored';
/** Rows of a review shown before "and N more". */
const SHOWN = 40;

type Config = Record<string, unknown>;

/**
 * The configuration backups (one is kept before every save and restore). Restore first shows, in
 * the page, every setting it would change (now → after, secrets masked), and asks there; nothing is
 * restored until that is confirmed. A restore sends `mq-config-restored`.
 */
export class ConfigBackups extends ServicedElement {
  static properties = {
    busy: { state: true },
    review: { state: true },
    error: { state: true },
    message: { state: true },
  };
  declare busy: string | null;
  declare review: Review | null;
  declare error: ApiError | null;
  declare message: string;
  static styles = [
    base,
    pageStyles,
    css`
      .review {
        border: 2px solid var(--mq-warn);
        border-radius: var(--mq-radius-lg);
        padding: var(--mq-space-3);
        margin: var(--mq-space-2) 0;
        flex-basis: 100%;
      }
      .review h3:focus {
        outline: none;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        margin-top: var(--mq-space-2);
      }
      td.now {
        color: var(--mq-muted);
      }
      td {
        overflow-wrap: anywhere;
      }
    `,
  ];

  private readonly names = new PluginNames(this);

  private readonly backups = new Resource<Backup[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<{ backups: Backup[] }>('/api/v3/config/backups', { signal })).data.backups,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.busy = null;
    this.review = null;
    this.error = null;
    this.message = '';
  }

  /** Loads the list again (after a save made a new backup). */
  refresh(): void {
    void this.backups.reload();
  }

  protected render() {
    return html`${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      ${this.backups.render({
        loadingText: 'Loading backups…',
        emptyText: 'No backups yet: one is kept before every save.',
        done: (list) =>
          html`<ul class="items">
            ${list.map((b) => this.renderBackup(b))}
          </ul>`,
      })}`;
  }

  private renderBackup(b: Backup) {
    const reviewing = this.review?.backup.id === b.id;
    return html`<li data-backup=${b.id}>
      <span>
        <span class="name">${dateTime(b.created_at)}</span><br />
        <span class="muted">${this.describe(b)}</span>
      </span>
      <button type="button" ?disabled=${this.busy !== null || reviewing} @click=${() => this.startReview(b)}>
        ${icon('reset')}${this.busy === b.id && !reviewing ? 'Comparing…' : 'Restore…'}<span class="visually-hidden">
          the settings of ${dateTime(b.created_at)}</span
        >
      </button>
      ${reviewing ? this.renderReview(this.review!) : nothing}
    </li>`;
  }

  private describe(b: Backup): string {
    const sections = b.changed_sections ?? [];
    if (!sections.length) return b.reason ? 'Kept before a change' : '';
    const words = sections.map((s) => sectionLabel(s, (id) => this.names.map.get(id)?.name));
    return `Kept before a change to ${words.join(', ')}`;
  }

  private renderReview(r: Review) {
    const more = r.changes.length - SHOWN;
    return html`<div class="review" role="region" aria-labelledby="review-h">
      <h3 id="review-h" tabindex="-1">Restore the settings of ${dateTime(r.backup.created_at)}?</h3>
      ${
        r.changes.length
          ? html`<p>
                These ${r.changes.length === 1 ? 'setting changes' : `${r.changes.length} settings change`}. The
                settings you have now are kept as a backup first.
              </p>
              <div class="table-wrap">
                <table class="diff">
                  <thead>
                    <tr>
                      <th scope="col">Setting</th>
                      <th scope="col">Now</th>
                      <th scope="col">After restoring</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${r.changes.slice(0, SHOWN).map(
                      (c) =>
                        html`<tr data-path=${c.path}>
                          <th scope="row">${c.label}</th>
                          <td class="now">${c.now}</td>
                          <td class="after">${c.after}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${more > 0 ? html`<p class="muted">And ${more} more.</p>` : nothing}`
          : html`<p>This backup holds the same settings as now: restoring it changes nothing.</p>`
      }
      <div class="actions">
        <button
          type="button"
          class="primary confirm-restore"
          ?disabled=${this.busy !== null}
          @click=${() => this.restore(r.backup)}
        >
          ${this.busy === r.backup.id ? 'Restoring…' : 'Restore these settings'}
        </button>
        <button type="button" class="cancel-restore" @click=${this.cancelReview}>Keep the settings I have</button>
      </div>
    </div>`;
  }

  private async startReview(b: Backup) {
    this.busy = b.id;
    this.error = null;
    this.message = '';
    try {
      const { api } = this.services;
      const [now, then] = await Promise.all([
        api.get<Config>('/api/v3/config/main'),
        api.get<Config>(`/api/v3/config/backups/${encodeURIComponent(b.id)}`),
      ]);
      this.review = { backup: b, changes: configDiff(now.data, then.data, (id) => this.names.map.get(id)?.name) };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#review-h')?.focus();
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.busy = null;
    }
  }

  private readonly cancelReview = () => {
    const id = this.review?.backup.id;
    this.review = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`li[data-backup="${id}"] button`)?.focus(),
    );
  };

  private async restore(b: Backup) {
    this.busy = b.id;
    this.error = null;
    this.message = '';
    try {
      await this.services.api.post('/api/v3/config/rollback', { backup: b.id });
      this.review = null;
      this.message = `Settings of ${dateTime(b.created_at)} restored`;
      this.dispatchEvent(new Event(RESTORED_EVENT, { bubbles: true, composed: true }));
      await this.backups.reload();
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.busy = null;
    }
  }
}

customElements.define('mq-config-backups', ConfigBackups);

declare global {
  interface HTMLElementTagNameMap {
    'mq-config-backups': ConfigBackups;
  }
}
