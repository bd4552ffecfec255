import { css, html, nothing } from 'lit';
import { asApiError, type ApiError, type Problem } from '../lib/api.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { routeHash, SETTINGS_SECTIONS, type SettingsSection } from '../lib/router.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import '../schema-form/schema-form.ts';
import { dirtyEvent, type SchemaFormSaveEvent } from '../schema-form/events.ts';
import './appearance.ts';
import './devices.ts';
import { RESTORED_EVENT, type ConfigBackups } from './backups.ts';
import './backups.ts';
import './brightness-control.ts';
import { cardProblems, cardValue, SETTINGS_CARDS, type SettingsCard } from './sections.ts';

type Config = Record<string, unknown>;

interface CardState {
  saving: boolean;
  error: ApiError | null;
  problems: Problem[];
  message: string;
}

const IDLE: CardState = { saving: false, error: null, problems: [], message: '' };

/** The form of each section that has one (one Save each). */
const CARD_OF: Partial<Record<SettingsSection, string>> = {
  display: 'display',
  schedule: 'schedule',
  dim: 'dim_schedule',
  location: 'location',
  store: 'github',
};

const brightnessOf = (config: Config): number => {
  const b = ((config.display as Config | undefined)?.hardware as Config | undefined)?.brightness;
  return typeof b === 'number' ? b : 90;
};

/**
 * Settings, one section at a time (`#/settings/<section>`), each with one Save, or applied live
 * where that is safe (brightness while the slider moves; the theme at once). A refused save keeps
 * what was typed, with each problem beside its field; leaving with unsaved changes asks first.
 */
export class SettingsPage extends ServicedElement {
  static properties = { section: {}, cards: { state: true } };
  declare section: SettingsSection;
  declare cards: Record<string, CardState>;
  /** Each card's form value, replaced only when its part of the configuration changed, so edits survive reloads. */
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
      .not-saved {
        color: var(--mq-danger);
        font-weight: 600;
      }
      .sections ul {
        list-style: none;
        margin: 0 0 var(--mq-space-3);
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-1);
      }
      .sections a {
        display: block;
        padding: 0.4rem 0.75rem;
        border-radius: 999px;
        border: 1px solid var(--mq-border);
        color: var(--mq-text);
        text-decoration: none;
      }
      .sections a[aria-current='page'] {
        background: var(--mq-surface-3);
        border-color: var(--mq-accent);
        font-weight: 600;
      }
    `,
  ];

  private readonly config = new Resource<Config>(this, {
    load: async (signal) => (await this.services.api.get<Config>('/api/v3/config/main', { signal })).data ?? {},
  });

  constructor() {
    super();
    this.section = 'display';
    this.cards = {};
    // After an outage the configuration may have changed; forms without edits show what is stored now.
    new LiveReload(this, { types: [], reload: () => void this.config.reload() });
    this.addEventListener(RESTORED_EVENT, () => {
      this.values.clear();
      void this.config.reload();
    });
    this.addEventListener('mq-brightness-saved', () => this.afterSave());
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    // The forms of the section left are gone, and their edits with them (the shell asked first).
    if (changed.has('section') && this.dirty.size) {
      this.dirty.clear();
      this.dispatchEvent(dirtyEvent(false));
    }
  }

  protected render() {
    const label = SETTINGS_SECTIONS.find((s) => s.section === this.section)?.label ?? '';
    return html`<div class="head"><h1>Settings</h1></div>
      <nav class="sections" aria-label="Settings sections">
        <ul>
          ${SETTINGS_SECTIONS.map(
            (s) =>
              html`<li>
                <a
                  href=${routeHash({ page: 'settings', section: s.section })}
                  aria-current=${s.section === this.section ? 'page' : 'false'}
                  >${s.label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <h2 class="visually-hidden">${label}</h2>
      ${this.renderSection()}`;
  }

  private renderSection() {
    if (this.section === 'appearance')
      return html`<section class="card" data-card="appearance"><mq-appearance></mq-appearance></section>`;
    if (this.section === 'backups')
      return html`<section class="card" aria-labelledby="backups-h" data-card="backups">
        <h2 id="backups-h">Backups</h2>
        <p class="muted">A copy of the settings is kept before every save and restore.</p>
        <mq-config-backups></mq-config-backups>
      </section>`;
    if (this.section === 'devices') return html`<mq-devices-settings></mq-devices-settings>`;
    const card = SETTINGS_CARDS.find((c) => c.id === CARD_OF[this.section]);
    if (!card) return nothing;
    return this.config.render({
      loadingText: 'Loading settings…',
      done: (config) =>
        html`${this.section === 'display' ? this.renderBrightness(config) : nothing} ${this.renderCard(card, config)}`,
    });
  }

  private renderBrightness(config: Config) {
    return html`<section class="card" aria-labelledby="brightness-h" data-card="brightness">
      <h2 id="brightness-h">Brightness</h2>
      <p class="muted">The panel follows the slider as you move it; the value is saved when you let go.</p>
      <mq-brightness .value=${brightnessOf(config)}></mq-brightness>
    </section>`;
  }

  private renderCard(card: SettingsCard, config: Config) {
    const state = this.cards[card.id] ?? IDLE;
    return html`<section class="card" aria-labelledby="${card.id}-h" data-card=${card.id}>
      <h2 id="${card.id}-h">${card.title}</h2>
      ${card.description ? html`<p class="muted">${card.description}</p>` : nothing}
      ${
        state.error && state.problems.length
          ? html`<p class="save-error not-saved" role="alert">Nothing was saved: fix what the form shows below.</p>`
          : state.error
            ? html`<mq-error class="save-error" .error=${state.error}></mq-error>`
            : nothing
      }
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
      await card.save(this.services.api, { changes: e.changes, config: e.config });
      // A value equal to what the form already had would not reload it: drop it, so the form starts clean.
      this.values.delete(card.id);
      await this.afterSave();
      // Said once the form shows what was stored, never beside its edits still marked unsaved.
      this.setCard(card.id, { problems: [], message: `${card.title} saved` });
    } catch (err) {
      const error = asApiError(err);
      this.setCard(card.id, { error, problems: cardProblems(card, error.problems) });
    } finally {
      this.setCard(card.id, { saving: false });
    }
  }

  private async afterSave() {
    await this.config.reload();
    this.renderRoot.querySelector<ConfigBackups>('mq-config-backups')?.refresh();
  }

  /** The page is dirty while any form is; the shell hears only the page's own state. */
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
