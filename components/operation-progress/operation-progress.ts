import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { dateTime, humanize } from '../lib/format.ts';
import { attemptsText, isOperationView, operationError, type OperationView } from '../lib/operation-types.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** Words for the stages the lifecycle operations report; others are shown as they come. */
const STAGES: Readonly<Record<string, string>> = Object.freeze({
  starting: 'Starting',
  resolving: 'Finding the plugin',
  downloading: 'Downloading',
  extracting: 'Unpacking',
  validating: 'Checking',
  activating: 'Putting it in place',
  removing: 'Removing',
});

const stageText = (op: OperationView) => {
  if (op.status === 'pending') {
    return op.attempts > 0 && op.next_attempt_at
      ? `Retrying at ${dateTime(op.next_attempt_at)} (attempt ${attemptsText(op.attempts + 1, op.max_attempts)})`
      : 'Waiting to start';
  }
  return op.stage ? (STAGES[op.stage] ?? humanize(op.stage)) : 'Working';
};

export class OperationUpdateEvent extends CustomEvent<OperationView> {
  constructor(op: OperationView) {
    super('mq-operation-update', { detail: op, bubbles: true, composed: true });
  }
}

/**
 * One operation as it runs: its stage, percent and latest line, a Cancel button while it can be
 * cancelled, then how it ended (done, cancelled, or the error with its suggested fixes). A refused
 * cancel is shown, never swallowed; the operation as the cancel left it is announced with
 * `mq-operation-update`.
 */
export class OperationProgress extends ServicedElement {
  static properties = {
    op: { attribute: false },
    label: {},
    cancelling: { state: true },
    cancelError: { state: true },
  };
  declare op: OperationView | null;
  /** What the operation is about, for the progress bar's accessible name. */
  declare label: string;
  declare cancelling: boolean;
  declare cancelError: ApiError | null;

  static styles = [
    base,
    css`
      .op {
        display: grid;
        gap: var(--mq-space-1);
        min-width: 0;
      }
      .line {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: center;
        justify-content: space-between;
      }
      progress {
        width: 100%;
        height: 0.6rem;
        accent-color: var(--mq-accent);
      }
      .detail {
        font-size: 0.85rem;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .ended {
        margin: 0;
        font-weight: 600;
      }
    `,
  ];

  constructor() {
    super();
    this.op = null;
    this.label = 'Operation';
    this.cancelling = false;
    this.cancelError = null;
  }

  protected render() {
    const op = this.op;
    if (!op) return nothing;
    return html`<div class="op" data-status=${op.status} data-stage=${op.stage ?? ''}>
      ${op.status === 'pending' || op.status === 'running' ? this.renderRunning(op) : this.renderEnded(op)}
      ${this.cancelError ? html`<mq-error class="cancel-error" .error=${this.cancelError}></mq-error>` : nothing}
    </div>`;
  }

  private renderRunning(op: OperationView) {
    const pct = Math.round(Math.max(0, Math.min(1, op.progress)) * 100);
    return html`<div class="line">
        <span class="stage" role="status">${stageText(op)} <span class="pct">${pct} %</span></span>
        <button type="button" class="cancel" ?disabled=${this.cancelling || op.cancel_requested} @click=${this.cancel}>
          ${op.cancel_requested || this.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <progress max="100" .value=${pct} aria-label=${`${this.label}: ${pct} %`}></progress>
      ${op.message ? html`<p class="detail muted">${op.message}</p>` : nothing}`;
  }

  private renderEnded(op: OperationView) {
    if (op.status === 'failed') return html`<mq-error class="op-error" .error=${operationError(op)}></mq-error>`;
    if (op.status === 'cancelled') return html`<p class="ended muted" role="status">Cancelled</p>`;
    return html`<p class="ended ok" role="status">${op.message ?? 'Done'}</p>`;
  }

  private async cancel() {
    const op = this.op;
    if (!op) return;
    this.cancelling = true;
    this.cancelError = null;
    try {
      const res = await this.services.api.post<unknown>(
        `/api/v3/plugins/operation/${encodeURIComponent(op.operation_id)}/cancel`,
      );
      if (isOperationView(res.data)) this.dispatchEvent(new OperationUpdateEvent(res.data));
    } catch (e) {
      this.cancelError = asApiError(e);
    } finally {
      this.cancelling = false;
    }
  }
}

customElements.define('mq-op-progress', OperationProgress);

declare global {
  interface HTMLElementTagNameMap {
    'mq-op-progress': OperationProgress;
  }
  interface HTMLElementEventMap {
    'mq-operation-update': OperationUpdateEvent;
  }
}
