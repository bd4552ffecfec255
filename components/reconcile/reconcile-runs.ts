import { css, html, nothing } from 'lit';
import { dateTime, humanize } from '../lib/format.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { ReconcileModel, type ReconcileStatus, type RunItem, type RunSummary } from './reconcile-model.ts';

/**
 * Health's "Plugin repair": the latest reconcile run (what started it, when, what it found, fixed,
 * put off and left to the user, each deferred item with its next attempt) and a way to run one now.
 */
export class ReconcileRuns extends ServicedElement {
  static properties = { force: { state: true } };
  declare force: boolean;
  static styles = [
    base,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2) var(--mq-space-3);
        align-items: center;
        margin-bottom: var(--mq-space-2);
      }
      .actions label {
        display: inline-flex;
        gap: var(--mq-space-2);
        align-items: center;
      }
      ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      li {
        overflow-wrap: anywhere;
        margin-bottom: var(--mq-space-1);
      }
    `,
  ];

  private readonly model = new ReconcileModel(this);

  constructor() {
    super();
    this.force = false;
  }

  protected render() {
    const { running, runError } = this.model;
    return html`<div class="actions">
        <button type="button" ?disabled=${running} @click=${() => this.model.run(this.force)}>
          ${running ? 'Running…' : 'Run now'}
        </button>
        <label
          ><input
            type="checkbox"
            name="force"
            .checked=${this.force}
            @change=${(e: Event) => (this.force = (e.target as HTMLInputElement).checked)}
          />Retry everything (skip waits)</label
        >
      </div>
      ${runError ? html`<mq-error .error=${runError}></mq-error>` : nothing}
      ${this.model.status.render({
        loadingText: 'Loading the latest run…',
        done: (s) => statusView(s),
      })}`;
  }
}

function statusView(s: ReconcileStatus) {
  const note = s.running ? html`<p class="muted" role="status">A run is in progress.</p>` : nothing;
  if (!s.run)
    return html`${note}
      <p class="empty">No repair run yet.</p>`;
  return html`${note}${runView(s.run)}`;
}

function runView(run: RunSummary) {
  const facts: Array<[string, unknown]> = [
    ['Started by', `${humanize(run.trigger)}${run.forced ? ' (forced)' : ''}`],
    ['When', dateTime(run.finished_at ?? run.started_at)],
    ['Found', run.inconsistencies_found],
    ['Fixed', run.inconsistencies_fixed],
    ['Deferred', run.inconsistencies_deferred],
    ['Needs you', run.inconsistencies_manual],
  ];
  return html`<dl data-run=${run.run_id}>
      ${facts.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd data-fact=${k}>${v}</dd>`,
      )}
    </dl>
    ${run.error ? html`<p class="failed" data-testid="run-error">The run failed: ${run.error}</p>` : nothing}
    ${
      run.deferred.length
        ? html`<h3>Deferred</h3>
            <ul data-list="deferred">
              ${run.deferred.map(deferredView)}
            </ul>`
        : nothing
    }
    ${
      run.manual_fix_required.length
        ? html`<h3>Needs you</h3>
            <ul data-list="manual">
              ${run.manual_fix_required.map(manualView)}
            </ul>`
        : nothing
    }`;
}

function deferredView(item: RunItem) {
  const next = item.next_attempt_at ? `next attempt ${dateTime(item.next_attempt_at)}` : 'tried again at the next run';
  return html`<li data-plugin=${item.plugin_id}>
    <strong>${item.plugin_id}</strong>: ${item.action}
    <span class="muted" data-testid="next">(${next}${item.attempts ? `, attempt ${item.attempts}` : ''})</span>
  </li>`;
}

const manualView = (item: RunItem) =>
  html`<li data-plugin=${item.plugin_id}><strong>${item.plugin_id}</strong>: ${item.description}</li>`;

customElements.define('mq-reconcile-runs', ReconcileRuns);

declare global {
  interface HTMLElementTagNameMap {
    'mq-reconcile-runs': ReconcileRuns;
  }
}
