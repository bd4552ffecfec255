import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { icon } from '../lib/icons.ts';
import { attemptsText, isOperationView, operationError, type OperationView } from '../lib/operation-types.ts';
import { endedText, stageWords } from '../lib/operation-words.ts';
import '../operation-log/operation-log.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

const stageText = (op: OperationView) => {
  if (op.status === 'pending') {
    return op.attempts > 0 && op.next_attempt_at
      ? `Trying again at ${new Date(op.next_attempt_at).toLocaleTimeString()} (attempt ${attemptsText(op.attempts + 1, op.max_attempts)})`
      : 'Waiting to start';
  }
  return stageWords(op.stage);
};

export class OperationUpdateEvent extends CustomEvent<OperationView> {
  constructor(op: OperationView) {
    super('mq-operation-update', { detail: op, bubbles: true, composed: true });
  }
}

/**
 * One operation as it runs: its stage in words and a progress bar (never byte counts), a Cancel
 * button while it can be cancelled, then how it ended (done, cancelled, or the error with its
 * suggested fixes); its log opens below. A refused cancel is shown, never swallowed; the operation
 * as the cancel left it is announced with `mq-operation-update`.
 */
export class OperationProgress extends ServicedElement {
  static properties = {
    op: { attribute: false },
    label: {},
    cancelling: { state: true },
    cancelError: { state: true },
    logOpen: { state: true },
  };
  declare op: OperationView | null;
  /** What the operation is about, for the progress bar's accessible name. */
  declare label: string;
  declare cancelling: boolean;
  declare cancelError: ApiError | null;
  declare logOpen: boolean;

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
        display: flex;
        gap: var(--mq-space-1);
        align-items: center;
      }
      .log-toggle {
        justify-self: start;
        min-height: 1.9rem;
        padding: 0.15rem 0.6rem;
        font-size: 0.85rem;
      }
    `,
  ];

  constructor() {
    super();
    this.op = null;
    this.label = 'Operation';
    this.cancelling = false;
    this.cancelError = null;
    this.logOpen = false;
  }

  protected render() {
    const op = this.op;
    if (!op) return nothing;
    return html`<div class="op" data-status=${op.status} data-stage=${op.stage ?? ''}>
      ${op.status === 'pending' || op.status === 'running' ? this.renderRunning(op) : this.renderEnded(op)}
      ${this.cancelError ? html`<mq-error class="cancel-error" .error=${this.cancelError}></mq-error>` : nothing}
      <button
        type="button"
        class="log-toggle"
        aria-expanded=${String(this.logOpen)}
        @click=${() => (this.logOpen = !this.logOpen)}
      >
        ${icon('log')}${this.logOpen ? 'Hide the log' : 'Show the log'}
      </button>
      ${this.logOpen ? html`<mq-operation-log operation-id=${op.operation_id}></mq-operation-log>` : nothing}
    </div>`;
  }

  private renderRunning(op: OperationView) {
    const pct = Math.round(Math.max(0, Math.min(1, op.progress)) * 100);
    return html`<div class="line">
        <span class="stage" role="status">${stageText(op)}…</span>
        <button type="button" class="cancel" ?disabled=${this.cancelling || op.cancel_requested} @click=${this.cancel}>
          ${op.cancel_requested || this.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <progress max="100" .value=${pct} aria-label=${`${this.label}: ${pct} %`}></progress>`;
  }

  private renderEnded(op: OperationView) {
    if (op.status === 'failed') return html`<mq-error class="op-error" .error=${operationError(op)}></mq-error>`;
    if (op.status === 'cancelled') return html`<p class="ended muted" role="status">Cancelled</p>`;
    return html`<p class="ended ok" role="status">${icon('ok')}${endedText(op)}</p>`;
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
