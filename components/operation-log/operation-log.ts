import { css, html, nothing } from 'lit';
import { OPERATION_EVENTS } from '../../shared/events.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { stageWords } from '../lib/operation-words.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import type { OperationStep } from '../page-history/operation.ts';
import { logStages, took, type LogStage } from './log-model.ts';

const ENDED: Readonly<Record<string, string>> = Object.freeze({
  finished: 'Ended',
  failed: 'Failed',
  cancelled: 'Cancelled',
});

/**
 * An operation's log, as an install output reads: each stage in words with how long it took and
 * the lines it wrote, from `GET /api/v3/plugins/operation/:id/events`, kept current while it runs.
 */
export class OperationLog extends ServicedElement {
  static properties = { operationId: { attribute: 'operation-id' } };
  declare operationId: string;

  static styles = [
    base,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--mq-space-1);
        font-size: 0.9rem;
      }
      li {
        border-left: 3px solid var(--mq-border-strong);
        padding-left: var(--mq-space-2);
      }
      li[data-ended='failed'] {
        border-color: var(--mq-danger);
      }
      li[data-ended='finished'] {
        border-color: var(--mq-ok);
      }
      .head {
        display: flex;
        gap: var(--mq-space-2);
        justify-content: space-between;
        flex-wrap: wrap;
      }
      .stage {
        font-weight: 600;
      }
      .lines {
        margin: 0;
        padding: 0;
        list-style: none;
        font-family: var(--mq-mono);
        font-size: 0.8rem;
        color: var(--mq-muted);
      }
      .lines li {
        border: none;
        padding: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  private readonly steps = new Resource<OperationStep[]>(this, {
    load: async (signal) =>
      (
        await this.services.api.get<OperationStep[]>(
          `/api/v3/plugins/operation/${encodeURIComponent(this.operationId)}/events`,
          { signal },
        )
      ).data,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.operationId = '';
    new LiveReload(this, {
      types: OPERATION_EVENTS,
      accept: (e) => (e.data as { operation_id?: string } | null)?.operation_id === this.operationId,
      reload: () => void this.steps.reload(),
    });
  }

  protected render() {
    return this.steps.render({
      loadingText: 'Loading the log…',
      emptyText: 'Nothing logged yet.',
      done: (steps) => this.renderStages(logStages(steps)),
    });
  }

  private renderStages(stages: LogStage[]) {
    const total = stages.length ? (stages.at(-1)!.tookMs ?? null) : null;
    const start = stages[0]?.at ?? 0;
    const end = stages.at(-1);
    return html`<ol class="log" aria-label="Operation log">
        ${stages.map(
          (s) =>
            html`<li data-stage=${s.stage ?? ''} data-ended=${s.ended ?? nothing}>
              <div class="head">
                <span class="stage"
                  >${stageWords(s.stage)}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}${
                    s.ended ? ` · ${ENDED[s.ended] ?? s.ended}` : ''
                  }</span
                >
                <span class="took muted">${s.tookMs === null ? 'running…' : took(s.tookMs)}</span>
              </div>
              ${
                s.messages.length
                  ? html`<ul class="lines">
                      ${s.messages.map((m) => html`<li>${m}</li>`)}
                    </ul>`
                  : nothing
              }
            </li>`,
        )}
      </ol>
      ${
        end?.ended && total !== null
          ? html`<p class="total muted">In all: ${took(end.at + total - start)}</p>`
          : nothing
      }`;
  }
}

customElements.define('mq-operation-log', OperationLog);

declare global {
  interface HTMLElementTagNameMap {
    'mq-operation-log': OperationLog;
  }
}
