import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { OperationWatch } from '../lib/operation-watch.ts';
import { isFinished, operationError, type OperationView } from '../lib/operation-types.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { previewView, type RestorePreview } from './preview-view.ts';

export const RESTORE_PROMPT =
  'Restore this backup? Your current settings are kept as a config backup first; the changes listed are then made.';

/**
 * Backup: download one (secrets only when ticked), and restore one in three steps: choose the
 * file, read what it would change (checked whole on the server, nothing changed yet), confirm.
 * The restore is an operation: its progress and outcome are followed here.
 */
export class BackupPage extends ServicedElement {
  static properties = {
    secrets: { state: true },
    checking: { state: true },
    preview: { state: true },
    restoring: { state: true },
  };
  declare secrets: boolean;
  declare checking: boolean;
  declare preview: { upload_id: string; preview: RestorePreview } | null;
  declare restoring: string | null;
  private error: ApiError | null = null;
  private readonly ops = new OperationWatch(this, { kinds: ['backup-restore'] });

  static styles = [
    base,
    pageStyles,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: center;
      }
      ul {
        margin: var(--mq-space-2) 0;
        padding-left: 1.25rem;
      }
      progress {
        width: 100%;
      }
    `,
  ];

  constructor() {
    super();
    this.secrets = false;
    this.checking = false;
    this.preview = null;
    this.restoring = null;
  }

  protected render() {
    return html`<div class="head"><h1>Backup</h1></div>
      <section class="card" aria-labelledby="export-h" data-section="export">
        <h2 id="export-h">Download a backup</h2>
        <p class="muted">
          Settings, the installed plugins and their versions, plugin data, saved repositories and uploads, in one ZIP
          file.
        </p>
        <div class="row">
          <label
            ><input type="checkbox" .checked=${this.secrets} @change=${this.onSecrets} /> Include secrets (API keys,
            passwords)</label
          >
          <a class="button" href=${`/api/v3/backup/export?include_secrets=${this.secrets}`} download data-download
            >Download backup</a
          >
        </div>
        ${
          this.secrets
            ? html`<p class="muted" data-secrets-warning>
                The file will hold your secrets in plain text and its name ends in “-with-secrets”: keep it private.
              </p>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="restore-h" data-section="restore">
        <h2 id="restore-h">Restore a backup</h2>
        <label
          >Backup file
          <input type="file" accept=".zip,application/zip" ?disabled=${this.checking} @change=${this.onFile}
        /></label>
        ${this.checking ? html`<p class="loading" role="status">Checking the backup…</p>` : nothing}
        ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing} ${this.renderPreview()}
        ${this.renderRestore()}
      </section>`;
  }

  private renderPreview() {
    if (!this.preview || this.restoring) return nothing;
    return html`<h3>What restoring it will change</h3>
      ${previewView(this.preview.preview)}
      <button type="button" class="primary" @click=${this.restore}>Restore this backup</button>`;
  }

  private renderRestore() {
    const op = this.restoring ? this.ops.get(this.restoring) : undefined;
    if (!op) return nothing;
    if (!isFinished(op))
      return html`<div role="status" data-restore=${op.status}>
        <progress max="1" .value=${op.progress}></progress>
        <p>${op.message ?? op.stage ?? 'Waiting to start…'}</p>
      </div>`;
    if (op.status === 'completed') return html`<p class="ok" role="status" data-restore="completed">${op.message}</p>`;
    return html`<div data-restore=${op.status}><mq-error .error=${operationError(op)}></mq-error></div>`;
  }

  private onSecrets(e: Event) {
    this.secrets = (e.target as HTMLInputElement).checked;
  }

  private async onFile(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    this.preview = null;
    this.restoring = null;
    this.error = null;
    if (!file) return;
    this.checking = true;
    try {
      const res = await this.services.api.request<{ upload_id: string; preview: RestorePreview }>(
        'POST',
        '/api/v3/backup/preview',
        { file: file.type ? file : new Blob([file], { type: 'application/zip' }), timeoutMs: 120_000 },
      );
      this.preview = res.data;
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.checking = false;
    }
  }

  private readonly restore = async () => {
    if (!this.preview || !window.confirm(RESTORE_PROMPT)) return;
    this.error = null;
    try {
      const res = await this.services.api.post<OperationView>('/api/v3/backup/restore', {
        upload_id: this.preview.upload_id,
      });
      this.ops.track(res.data);
      this.restoring = res.data.operation_id;
    } catch (err) {
      this.error = asApiError(err);
    }
  };
}

customElements.define('mq-page-backup', BackupPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-backup': BackupPage;
  }
}
