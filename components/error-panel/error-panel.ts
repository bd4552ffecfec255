import { LitElement, css, html, nothing } from 'lit';
import { asApiError, type ApiError, type Problem } from '../lib/api.ts';
import { copyText } from '../lib/clipboard.ts';
import { base } from '../lib/styles.ts';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * An error as the API reported it: the message, the field problems or other context, the suggested
 * fixes, and a button that copies every detail for a bug report. Optional "Try again".
 */
export class ErrorPanel extends LitElement {
  static properties = {
    error: { attribute: false },
    retry: { attribute: false },
    copied: { state: true },
  };

  declare error: unknown;
  declare retry: (() => void) | null;
  declare copied: '' | 'copied' | 'failed';

  static styles = [
    base,
    css`
      .panel {
        border: 1px solid var(--mq-danger);
        background: var(--mq-danger-bg);
        border-radius: var(--mq-radius-lg);
        padding: var(--mq-space-3);
      }
      .message {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .code {
        font-size: 0.85rem;
        color: var(--mq-muted);
      }
      ul {
        margin: 0 0 var(--mq-space-2);
        padding-left: 1.25rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: center;
      }
    `,
  ];

  constructor() {
    super();
    this.error = null;
    this.retry = null;
    this.copied = '';
  }

  protected render() {
    if (!this.error) return nothing;
    const e = asApiError(this.error);
    const problems = e.problems;
    const context = Object.entries(e.context).filter(([k]) => k !== 'problems');
    return html`<div class="panel" role="alert">
      <p class="message">${e.message}</p>
      <p class="code">${e.code}${e.status ? html` · HTTP ${e.status}` : nothing}</p>
      ${problems.length ? this.renderProblems(problems) : nothing}
      ${
        context.length
          ? html`<dl class="context">
              ${context.map(
                ([k, v]) =>
                  html`<dt>${k}</dt>
                    <dd><code>${show(v)}</code></dd>`,
              )}
            </dl>`
          : nothing
      }
      ${e.details ? html`<p class="details">${e.details}</p>` : nothing}
      ${
        e.fixes.length
          ? html`<h3>What you can try</h3>
              <ul class="fixes">
                ${e.fixes.map((f) => html`<li>${f}</li>`)}
              </ul>`
          : nothing
      }
      <div class="actions">
        ${this.retry ? html`<button type="button" class="primary" @click=${this.retry}>Try again</button>` : nothing}
        <button type="button" class="copy" @click=${() => this.copy(e)}>Copy details</button>
        <span role="status" class="muted"
          >${this.copied === 'copied' ? 'Copied' : this.copied === 'failed' ? 'Could not copy' : ''}</span
        >
      </div>
    </div>`;
  }

  private renderProblems(problems: Problem[]) {
    return html`<ul class="problems">
      ${problems.map(
        (p) =>
          html`<li>
            <code>${p.field}</code>:
            ${p.message}${
              p.expected && !p.message.includes(p.expected)
                ? html` (expected ${p.expected}${p.received ? html`, received <code>${p.received}</code>` : nothing})`
                : nothing
            }
          </li>`,
      )}
    </ul>`;
  }

  private async copy(e: ApiError) {
    this.copied = (await copyText(e.toDetails())) ? 'copied' : 'failed';
  }
}

customElements.define('mq-error', ErrorPanel);

declare global {
  interface HTMLElementTagNameMap {
    'mq-error': ErrorPanel;
  }
}
