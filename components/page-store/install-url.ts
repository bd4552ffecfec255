import { html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { operationOf, isFinished, type OperationView } from '../lib/operation-types.ts';
import { problemText } from '../lib/problem-text.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { storeStyles } from './store-styles.ts';

export class UrlInstallEvent extends CustomEvent<OperationView> {
  constructor(op: OperationView) {
    super('mq-url-install', { detail: op, bubbles: true, composed: true });
  }
}

/** Fields the endpoint validates; a problem with one is shown beside it. */
const FIELDS = ['repo_url', 'plugin_id', 'plugin_path', 'branch'] as const;

/**
 * Install from a repository or archive URL (`POST /api/v3/plugins/install-from-url`). The page
 * follows the operation it starts (`mq-url-install`) and hands it back as `op` for its progress.
 */
export class InstallUrl extends ServicedElement {
  static properties = { op: { attribute: false }, busy: { state: true }, error: { state: true } };
  declare op: OperationView | undefined;
  declare busy: boolean;
  declare error: ApiError | null;

  static styles = [base, storeStyles];

  constructor() {
    super();
    this.busy = false;
    this.error = null;
  }

  protected render() {
    const problem = (f: string) => this.error?.problems.find((p) => p.field === f || p.field.endsWith(`.${f}`));
    const running = !!this.op && !isFinished(this.op);
    const field = (name: (typeof FIELDS)[number], label: string, extra: { required?: boolean; hint?: string } = {}) => {
      const p = problem(name);
      return html`<label
          >${label}
          <input
            name=${name}
            ?required=${extra.required}
            autocomplete="off"
            placeholder=${extra.hint ?? ''}
            aria-invalid=${p ? 'true' : 'false'}
          />
        </label>
        ${p ? html`<p class="field-error" role="alert" data-field=${name}>${problemText(p, label)}</p>` : nothing}`;
    };
    const fieldProblem = FIELDS.some((f) => problem(f));
    return html`<form class="stack install-url" @submit=${this.submit}>
      ${field('repo_url', 'Repository or .zip URL', { required: true, hint: 'https://…' })}
      <details>
        <summary>More options</summary>
        ${field('plugin_path', 'Folder inside the repository', { hint: 'plugins/clock' })}
        ${field('branch', 'Branch', { hint: 'main' })} ${field('plugin_id', 'Plugin id', { hint: 'from its manifest' })}
      </details>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy || running}>Install from URL</button>
      </div>
      ${this.error && !fieldProblem ? html`<mq-error class="url-error" .error=${this.error}></mq-error>` : nothing}
      ${this.op ? html`<mq-op-progress .op=${this.op} label="Install from URL"></mq-op-progress>` : nothing}
    </form>`;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body = Object.fromEntries(
      FIELDS.map((f) => [f, String(data.get(f) ?? '').trim()]).filter(([, v]) => v !== ''),
    ) as Record<string, string>;
    this.busy = true;
    this.error = null;
    try {
      const res = await this.services.api.post<unknown>('/api/v3/plugins/install-from-url', body);
      this.dispatchEvent(new UrlInstallEvent(operationOf(res.data, body.plugin_id ?? '', 'install')));
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('mq-install-url', InstallUrl);

declare global {
  interface HTMLElementTagNameMap {
    'mq-install-url': InstallUrl;
  }
  interface HTMLElementEventMap {
    'mq-url-install': UrlInstallEvent;
  }
}
