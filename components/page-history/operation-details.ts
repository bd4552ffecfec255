import { css, html, nothing } from 'lit';
import { ApiError, asApiError } from '../lib/api.ts';
import { OPERATION_EVENTS } from '../../shared/events.ts';
import { dateTime } from '../lib/format.ts';
import { attemptsText } from '../lib/operation-types.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { isUnfinished, percent, requesterText, type Operation, type OperationStep } from './operation.ts';

const path = (id: string) => `/api/v3/plugins/operation/${encodeURIComponent(id)}`;

/** An operation's failure in the form every error panel shows (message, code, suggested fixes). */
const failure = (op: Operation) =>
  op.error ? new ApiError({ code: op.error.code, message: op.error.message, status: 0, fixes: op.error.fixes }) : null;

/**
 * The details of one operation: who asked, when, attempts, its failure with the suggested fixes,
 * every step it logged (kept current while it runs), and a Cancel button while it has not finished.
 */
export class OperationDetails extends ServicedElement {
  static properties = { operation: { attribute: false }, cancelling: { state: true } };
  declare operation: Operation;
  declare cancelling: boolean;
  private error: ApiError | null = null;
  private message = '';
  static styles = [
    base,
    css`
      ol {
        margin: 0 0 var(--mq-space-2);
        padding-left: 1.25rem;
        font-size: 0.9rem;
      }
    `,
  ];

  private readonly steps = new Resource<OperationStep[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<OperationStep[]>(`${path(this.operation.operation_id)}/events`, { signal })).data,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.cancelling = false;
    new LiveReload(this, {
      types: OPERATION_EVENTS,
      accept: (e) => (e.data as Operation | null)?.operation_id === this.operation.operation_id,
      reload: () => void this.steps.reload(),
    });
  }

  protected render() {
    const op = this.operation;
    const err = failure(op);
    return html`<dl>
        <dt>Asked by</dt>
        <dd data-fact="requested_by">${requesterText(op.requested_by)}</dd>
        <dt>Created</dt>
        <dd>${dateTime(op.created_at)}</dd>
        <dt>Started</dt>
        <dd>${dateTime(op.started_at)}</dd>
        <dt>Finished</dt>
        <dd>${dateTime(op.completed_at)}</dd>
        <dt>Attempts</dt>
        <dd>${attemptsText(op.attempts, op.max_attempts)}</dd>
        ${
          op.next_attempt_at
            ? html`<dt>Next attempt</dt>
                <dd>${dateTime(op.next_attempt_at)}</dd>`
            : nothing
        }
        ${
          op.message
            ? html`<dt>Message</dt>
                <dd>${op.message}</dd>`
            : nothing
        }
      </dl>
      ${err ? html`<mq-error class="failure" .error=${err}></mq-error>` : nothing}
      <h3>Steps</h3>
      ${this.steps.render({
        loadingText: 'Loading steps…',
        emptyText: 'No steps logged yet.',
        done: (list) =>
          html`<ol class="steps">
            ${list.map(
              (s) =>
                html`<li>
                  <span class="muted">${new Date(s.at).toLocaleTimeString()}</span>
                  <span class="what"
                    >${s.type}${s.stage ? `: ${s.stage}` : ''}${s.progress === null ? '' : ` ${percent(s.progress)}`}${
                      s.message ? ` — ${s.message}` : ''
                    }${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}</span
                  >
                </li>`,
            )}
          </ol>`,
      })}
      ${
        op.result !== null && op.result !== undefined
          ? html`<h3>Result</h3>
              <pre>${JSON.stringify(op.result, null, 2)}</pre>`
          : nothing
      }
      ${this.renderCancel(op)}`;
  }

  private renderCancel(op: Operation) {
    if (!isUnfinished(op) && !this.error && !this.message) return nothing;
    return html`${this.error ? html`<mq-error class="cancel-error" .error=${this.error}></mq-error>` : nothing}
      <p role="status" class="muted">${this.message}</p>
      ${
        isUnfinished(op)
          ? html`<button
              type="button"
              class="danger"
              ?disabled=${this.cancelling || op.cancel_requested}
              @click=${this.cancel}
            >
              ${op.cancel_requested ? 'Cancelling…' : 'Cancel operation'}
            </button>`
          : nothing
      }`;
  }

  private readonly cancel = async () => {
    this.cancelling = true;
    this.error = null;
    this.message = '';
    try {
      const res = await this.services.api.post<Operation>(`${path(this.operation.operation_id)}/cancel`);
      this.message = res.message ?? `Operation ${res.data.status}`;
    } catch (e) {
      this.error = asApiError(e);
    } finally {
      this.cancelling = false;
    }
  };
}

customElements.define('mq-operation-details', OperationDetails);

declare global {
  interface HTMLElementTagNameMap {
    'mq-operation-details': OperationDetails;
  }
}
