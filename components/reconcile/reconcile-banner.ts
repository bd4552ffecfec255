import { css, html, nothing } from 'lit';
import { dateTime } from '../lib/format.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base, warningBanner } from '../lib/styles.ts';
import { findingLink, ReconcileModel, type RunItem, type RunSummary } from './reconcile-model.ts';

/**
 * The Overview's banner: what the latest reconcile run could not repair on its own, plugin by
 * plugin, with what the user has to do. Renders nothing while there is nothing manual.
 */
export class ReconcileBanner extends ServicedElement {
  static styles = [
    base,
    warningBanner,
    css`
      ul {
        margin: 0 0 var(--mq-space-2);
        padding-left: 1.25rem;
      }
      li {
        margin-bottom: var(--mq-space-2);
        overflow-wrap: anywhere;
      }
      p {
        margin: 0.15rem 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: center;
      }
    `,
  ];

  private readonly model = new ReconcileModel(this);

  protected render() {
    const { status } = this.model;
    if (status.state === 'error')
      return html`<mq-error .error=${status.error} .retry=${() => status.reload()}></mq-error>`;
    const run = status.value?.run;
    if (!run?.manual_fix_required.length) return nothing;
    return this.banner(run);
  }

  private banner(run: RunSummary) {
    const items = run.manual_fix_required;
    return html`<section class="banner" role="region" aria-labelledby="repair-h" data-run=${run.run_id}>
      <h2 id="repair-h">${items.length === 1 ? 'A plugin needs' : `${items.length} plugins need`} your attention</h2>
      <ul>
        ${items.map(itemView)}
      </ul>
      <div class="actions">
        <button type="button" ?disabled=${this.model.running} @click=${() => this.model.run(true)}>
          ${this.model.running ? 'Checking…' : 'Check again'}
        </button>
        <span class="muted" data-testid="checked">Checked ${dateTime(run.finished_at ?? run.started_at)}</span>
      </div>
      ${this.model.runError ? html`<mq-error .error=${this.model.runError}></mq-error>` : nothing}
    </section>`;
  }
}

function itemView(item: RunItem) {
  const link = findingLink(item);
  return html`<li data-plugin=${item.plugin_id} data-type=${item.type}>
    <p><strong>${item.plugin_id}</strong>: ${item.description}</p>
    <p class="muted">${item.action}</p>
    ${link ? html`<a href=${link.href}>${link.label}</a>` : nothing}
  </li>`;
}

customElements.define('mq-reconcile-banner', ReconcileBanner);

declare global {
  interface HTMLElementTagNameMap {
    'mq-reconcile-banner': ReconcileBanner;
  }
}
