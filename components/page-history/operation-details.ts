import { css, html, nothing } from 'lit';
import { ApiError, asApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { attemptsText } from '../lib/operation-types.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import '../operation-log/operation-log.ts';
import { isUnfinished, requesterText, type Operation } from './operation.ts';

const path = (id: string) => `/api/v3/plugins/operation/${encodeURIComponent(id)}`;

/** An operation's failure in the form every error panel shows (message, code, suggested fixes). */
const failure = (op: Operation) =>
  op.error ? new ApiError({ code: op.error.code, message: op.error.message, status: 0, fixes: op.error.fixes }) : null;

/**
 * The details of one operation: who asked, when, attempts, its failure with the suggested fixes,
 * its log (stages with their durations and lines, kept current while it runs), and a Cancel button
 * while it has not finished.
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

  constructor() {
    super();
    this.cancelling = false;
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
      <h3>Log</h3>
      <mq-operation-log operation-id=${op.operation_id}></mq-operation-log>
      ${
        op.result !== null && op.result !== undefined
          ? html`<details class="result">
              <summary>Technical result</summary>
              <pre>${JSON.stringify(op.result, null, 2)}</pre>
            </details>`
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
