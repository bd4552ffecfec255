import { css, html, nothing } from 'lit';
import { asApiError, type ApiError, type Problem } from '../lib/api.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { configProblems } from './config-problems.ts';
import { pageTitleEvent } from '../lib/page-title.ts';
import { PluginNames } from '../lib/plugin-names.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import '../schema-form/schema-form.ts';
import type { SchemaFormSaveEvent } from '../schema-form/events.ts';
import type { JsonSchema } from '../schema-form/schema.ts';

interface Loaded {
  schema: JsonSchema;
  config: Record<string, unknown>;
}

const unwrap = (data: unknown, key: string) =>
  ((data as Record<string, unknown> | null)?.[key] ?? data ?? {}) as Record<string, unknown>;

/**
 * A plugin's settings, under the plugin's name: its schema drawn as a form, saved through
 * `POST /api/v3/plugins/config`; a refused save shows each problem beside its field, in the words
 * of the field's label.
 */
export class PluginSettingsPage extends ServicedElement {
  static properties = {
    pluginId: { attribute: 'plugin-id' },
    saving: { state: true },
    saveError: { state: true },
    problems: { state: true },
    saved: { state: true },
  };
  declare pluginId: string;
  declare saving: boolean;
  declare saveError: ApiError | null;
  declare problems: Problem[];
  declare saved: string;
  static styles = [
    base,
    pageStyles,
    css`
      .saved {
        color: var(--mq-ok);
      }
      .not-saved {
        color: var(--mq-danger);
        font-weight: 600;
      }
    `,
  ];

  private readonly names = new PluginNames(this);
  private titled = '';

  private readonly loaded = new Resource<Loaded>(this, {
    load: async (signal) => {
      const query = { plugin_id: this.pluginId };
      const [schema, config] = await Promise.all([
        this.services.api.get('/api/v3/plugins/schema', { signal, query }),
        this.services.api.get('/api/v3/plugins/config', { signal, query }),
      ]);
      return { schema: unwrap(schema.data, 'schema') as JsonSchema, config: unwrap(config.data, 'config') };
    },
  });

  constructor() {
    super();
    this.pluginId = '';
    this.saving = false;
    this.saveError = null;
    this.problems = [];
    this.saved = '';
  }

  protected render() {
    return html`<div class="head">
        <h1>${this.heading()}</h1>
        <a href="#/plugins">All plugins</a>
      </div>
      ${
        this.saveError && this.problems.length
          ? html`<p class="save-error not-saved" role="alert">Nothing was saved: fix what the form shows below.</p>`
          : this.saveError
            ? html`<mq-error class="save-error" .error=${this.saveError}></mq-error>`
            : nothing
      }
      <p class="saved" role="status">${this.saved}</p>
      ${this.loaded.render({
        loadingText: 'Loading settings…',
        done: (l) =>
          html`<mq-schema-form
            .schema=${l.schema}
            .value=${l.config}
            .errors=${this.problems}
            ?saving=${this.saving}
            @mq-save=${this.onSave}
          ></mq-schema-form>`,
      })}`;
  }

  private heading(): string {
    return `${this.names.name(this.pluginId)} settings`;
  }

  protected updated(): void {
    const title = this.heading();
    if (title !== this.titled) {
      this.titled = title;
      this.dispatchEvent(pageTitleEvent(title));
    }
  }

  private async onSave(e: SchemaFormSaveEvent) {
    this.saving = true;
    this.saveError = null;
    this.saved = '';
    try {
      const res = await this.services.api.post('/api/v3/plugins/config', {
        plugin_id: this.pluginId,
        config: e.config,
      });
      this.problems = [];
      // Said once the form shows what was stored: until then it still holds the edits, and
      // "saved" beside "Unsaved changes" (or a leave-page prompt) would contradict it.
      await this.loaded.reload();
      this.saved = res.message ? 'Settings saved' : 'Saved';
    } catch (err) {
      const error = asApiError(err);
      this.saveError = error;
      this.problems = configProblems(error.problems);
    } finally {
      this.saving = false;
    }
  }
}

customElements.define('mq-page-plugin-settings', PluginSettingsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-plugin-settings': PluginSettingsPage;
  }
}
