import { html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** `GET /api/v3/config/backups` entries, newest first. */
interface Backup {
  id: string;
  created_at: string;
  reason?: string;
  changed_sections?: string[];
  size_bytes: { main: number; secrets: number };
}

export const RESTORED_EVENT = 'mq-config-restored';

export const restorePrompt = (b: Backup) =>
  `Restore the configuration as it was on ${dateTime(b.created_at)}? ` +
  'The current configuration is backed up first. Unsaved changes on this page are discarded.';

/**
 * The configuration backups (one is kept before every save and restore), each with what the save
 * after it changed, and a Restore button that asks first. A restore sends `mq-config-restored`.
 */
export class ConfigBackups extends ServicedElement {
  static properties = { busy: { state: true } };
  declare busy: string | null;
  private error: ApiError | null = null;
  private message = '';
  static styles = [base, pageStyles];

  private readonly backups = new Resource<Backup[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<{ backups: Backup[] }>('/api/v3/config/backups', { signal })).data.backups,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.busy = null;
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
            ${list.map(
              (b) =>
                html`<li data-backup=${b.id}>
                  <span>
                    <span class="name">${dateTime(b.created_at)}</span><br />
                    <span class="muted"
                      >${
                        b.changed_sections?.length
                          ? `Before a change to ${b.changed_sections.join(', ')}`
                          : (b.reason ?? '')
                      }</span
                    >
                  </span>
                  <button type="button" ?disabled=${this.busy !== null} @click=${() => this.restore(b)}>
                    ${this.busy === b.id ? 'Restoring…' : 'Restore'}<span class="visually-hidden">
                      the backup of ${dateTime(b.created_at)}</span
                    >
                  </button>
                </li>`,
            )}
          </ul>`,
      })}`;
  }

  private async restore(b: Backup) {
    if (!window.confirm(restorePrompt(b))) return;
    this.busy = b.id;
    this.error = null;
    this.message = '';
    try {
      const res = await this.services.api.post('/api/v3/config/rollback', { backup: b.id });
      this.message = res.message ?? 'Configuration restored';
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
