import { css, html, nothing } from 'lit';
import { asApiError, type ApiError, type Problem } from '../lib/api.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import '../schema-form/schema-form.ts';
import { dirtyEvent, type SchemaFormSaveEvent } from '../schema-form/events.ts';
import { RESTORED_EVENT, type ConfigBackups } from './backups.ts';
import './backups.ts';
import { cardProblems, cardValue, SETTINGS_CARDS, type SettingsCard } from './sections.ts';

type Config = Record<string, unknown>;

interface CardState {
  saving: boolean;
  error: ApiError | null;
  problems: Problem[];
  message: string;
}

const IDLE: CardState = { saving: false, error: null, problems: [], message: '' };

/**
 * Settings: the core sections of config.json as forms (panel, schedules, time zone and location,
 * store secrets), each saved on its own with the server's problems shown beside their fields, and
 * the backups with restore. A refused save keeps what was typed; leaving with unsaved changes asks.
 */
export class SettingsPage extends ServicedElement {
  static properties = { cards: { state: true } };
  declare cards: Record<string, CardState>;
  /** Each card's form value, replaced only when its part of the configuration changed, so other cards keep their edits. */
  private readonly values = new Map<string, { json: string; value: Config }>();
  private readonly dirty = new Set<string>();
  static styles = [
    base,
    pageStyles,
    css`
      .saved {
        color: var(--mq-ok);
        margin: 0;
      }
    `,
  ];

  private readonly config = new Resource<Config>(this, {
    load: async (signal) => (await this.services.api.get<Config>('/api/v3/config/main', { signal })).data ?? {},
  });

  constructor() {
    super();
    this.cards = {};
    // After an outage the configuration may have changed; cards without edits show what is stored now.
    new LiveReload(this, { types: [], reload: () => void this.config.reload() });
    this.addEventListener(RESTORED_EVENT, () => {
      this.values.clear();
      void this.config.reload();
    });
  }

  protected render() {
    return html`<div class="head"><h1>Settings</h1></div>
      ${this.config.render({
        loadingText: 'Loading settings…',
        done: (config) => SETTINGS_CARDS.map((card) => this.renderCard(card, config)),
      })}
      <section class="card" aria-labelledby="backups-h" data-card="backups">
        <h2 id="backups-h">Backups</h2>
        <p class="muted">A copy of the configuration is kept before every save and restore.</p>
        <mq-config-backups></mq-config-backups>
      </section>`;
  }

  private renderCard(card: SettingsCard, config: Config) {
    const state = this.cards[card.id] ?? IDLE;
    return html`<section class="card" aria-labelledby="${card.id}-h" data-card=${card.id}>
      <h2 id="${card.id}-h">${card.title}</h2>
      ${card.description ? html`<p class="muted">${card.description}</p>` : nothing}
      ${state.error ? html`<mq-error class="save-error" .error=${state.error}></mq-error>` : nothing}
      <p class="saved" role="status">${state.message}</p>
      <mq-schema-form
        no-reset
        .schema=${card.schema}
        .value=${this.valueOf(card, config)}
        .errors=${state.problems}
        ?saving=${state.saving}
        @mq-save=${(e: SchemaFormSaveEvent) => this.save(card, e)}
        @mq-dirty-change=${(e: CustomEvent<{ dirty: boolean }>) => this.onDirty(card, e)}
      ></mq-schema-form>
    </section>`;
  }

  private valueOf(card: SettingsCard, config: Config): Config {
    const value = cardValue(card, config);
    const json = JSON.stringify(value);
    const known = this.values.get(card.id);
    if (known?.json === json) return known.value;
    this.values.set(card.id, { json, value });
    return value;
  }

  private setCard(id: string, next: Partial<CardState>) {
    this.cards = { ...this.cards, [id]: { ...(this.cards[id] ?? IDLE), ...next } };
  }

  private async save(card: SettingsCard, e: SchemaFormSaveEvent) {
    this.setCard(card.id, { saving: true, error: null, message: '' });
    try {
      const res = await card.save(this.services.api, { changes: e.changes, config: e.config });
      this.setCard(card.id, { problems: [], message: res.message ?? 'Saved' });
      // A value equal to what the form already had would not reload it: drop it, so the form starts clean.
      this.values.delete(card.id);
      await this.config.reload();
      this.renderRoot.querySelector<ConfigBackups>('mq-config-backups')?.refresh();
    } catch (err) {
      const error = asApiError(err);
      this.setCard(card.id, { error, problems: cardProblems(card, error.problems) });
    } finally {
      this.setCard(card.id, { saving: false });
    }
  }

  /** The page is dirty while any card is; the shell hears only the page's own state. */
  private onDirty(card: SettingsCard, e: CustomEvent<{ dirty: boolean }>) {
    e.stopPropagation();
    const before = this.dirty.size > 0;
    if (e.detail.dirty) this.dirty.add(card.id);
    else this.dirty.delete(card.id);
    if (before !== this.dirty.size > 0) this.dispatchEvent(dirtyEvent(this.dirty.size > 0));
  }
}

customElements.define('mq-page-settings', SettingsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-settings': SettingsPage;
  }
}
