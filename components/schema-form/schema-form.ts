import { LitElement, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Problem } from '../lib/api-error.ts';
import { base } from '../lib/styles.ts';
import { saveValues } from './changes.ts';
import type { FieldContext } from './context.ts';
import { idFor } from './context.ts';
import { resetValue, withDefaults } from './defaults.ts';
import { dirtyEvent, SchemaFormSaveEvent } from './events.ts';
import { objectProperties } from './fields/object.ts';
import { clone, deepEqual, getIn, pathKey, setIn, type Path } from './paths.ts';
import { concerns, placeProblems, type PlacedProblems } from './problems.ts';
import { renderField } from './render-field.ts';
import type { JsonSchema } from './schema.ts';
import { formStyles } from './styles.ts';
import { check } from './validate.ts';

type Config = Record<string, unknown>;

/** Core keys a reset leaves alone: whether the plugin runs is the Plugins page's switch. */
const KEPT_ON_RESET = ['enabled'];

export const RESET_PROMPT = 'Reset every setting to its default? Secrets and whether the plugin is enabled are kept.';

/**
 * A plugin's settings form, drawn from its `config_schema.json`. It edits a draft of `value`, shows
 * problems beside their fields (its own checks and the server's, set through `errors`), warns before
 * the page is left with unsaved changes, and sends `mq-save` with the changes.
 */
export class SchemaForm extends LitElement {
  static properties = {
    schema: { attribute: false },
    value: { attribute: false },
    errors: { attribute: false },
    saving: { type: Boolean },
    noReset: { type: Boolean, attribute: 'no-reset' },
    draft: { state: true },
    edits: { state: true },
    local: { state: true },
  };
  declare schema: JsonSchema;
  declare value: Config;
  /** Problems from the server (`context.problems`), with field paths into the config. */
  declare errors: Problem[];
  declare saving: boolean;
  /** Hides "Reset to defaults" (sections whose defaults depend on the device, like the panel's geometry). */
  declare noReset: boolean;
  declare draft: Config;
  declare edits: Map<string, string | null>;
  declare local: Problem[];
  private baseline: Config = {};
  private shown: Problem[] = [];
  private placed: PlacedProblems = placeProblems({}, []);
  private generation = 0;
  private wasDirty = false;

  static styles = [base, formStyles];

  constructor() {
    super();
    this.schema = { type: 'object', properties: {} };
    this.value = {};
    this.errors = [];
    this.saving = false;
    this.noReset = false;
    this.draft = {};
    this.edits = new Map();
    this.local = [];
  }

  /** Whether anything differs from the loaded value. */
  get dirty(): boolean {
    return this.edits.size > 0 || !deepEqual(this.draft, this.baseline);
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  /** Moves focus to the first field with a problem. */
  focusFirstError(): void {
    const first = this.placed.all.find((p) => p.field !== null);
    if (first) this.focusField(first.field!);
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value') || changed.has('schema')) this.load();
    if (changed.has('errors')) this.shown = [...this.errors];
    if (changed.has('errors') || changed.has('local') || changed.has('value') || changed.has('schema'))
      this.placed = placeProblems(this.schema, [...this.local, ...this.shown]);
  }

  protected updated(changed: Map<string, unknown>): void {
    if (changed.has('errors') && this.errors.length) this.focusFirstError();
    const dirty = this.dirty;
    if (dirty !== this.wasDirty) {
      this.wasDirty = dirty;
      this.dispatchEvent(dirtyEvent(dirty));
    }
  }

  protected render() {
    const fields = keyed(this.generation, objectProperties(this.context, this.schema, []));
    return html`<form novalidate @submit=${this.onSubmit}>
      ${this.renderSummary()} ${fields}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.saving || !this.dirty}>
          ${this.saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="discard" ?disabled=${this.saving || !this.dirty} @click=${this.discard}>
          Discard changes
        </button>
        ${
          this.noReset
            ? nothing
            : html`<button type="button" class="reset" ?disabled=${this.saving} @click=${this.resetToDefaults}>
                Reset to defaults
              </button>`
        }
        <span class="muted" role="status">${this.dirty ? 'Unsaved changes' : ''}</span>
      </div>
    </form>`;
  }

  private renderSummary() {
    const { all } = this.placed;
    if (!all.length) return nothing;
    return html`<div class="summary" role="alert">
      <p><strong>${all.length === 1 ? '1 problem' : `${all.length} problems`}</strong> to fix before saving:</p>
      <ul>
        ${all.map(({ field, text }) =>
          field
            ? html`<li>
                <a href="#${idFor(field.split('.'))}" @click=${(e: Event) => this.onSummaryLink(e, field)}>${text}</a>
              </li>`
            : html`<li class="unplaced">${text}</li>`,
        )}
      </ul>
    </div>`;
  }

  private readonly context: FieldContext = {
    get: (path) => getIn(this.draft, path),
    set: (path, value) => this.change(path, () => (this.draft = setIn(this.draft, path, value) as Config)),
    errorFor: (path) => this.placed.byField.get(pathKey(path))?.join(' · '),
    hasErrorWithin: (path) => {
      const key = pathKey(path);
      return [...this.placed.byField.keys()].some((k) => k === key || k.startsWith(`${key}.`));
    },
    secretEdit: (path) => this.edits.get(pathKey(path)),
    setSecretEdit: (path, value) =>
      this.change(path, () => {
        const next = new Map(this.edits);
        if (value === undefined) next.delete(pathKey(path));
        else next.set(pathKey(path), value);
        this.edits = next;
      }),
    renderField: (schema, path, opts) => renderField(this.context, schema, path, opts),
  };

  /** Applies an edit; problems reported for the edited field are cleared, as they no longer describe it. */
  private change(path: Path, apply: () => void): void {
    apply();
    const stale = (p: Problem) => concerns(this.schema, p, path);
    if (this.local.some(stale)) this.local = this.local.filter((p) => !stale(p));
    if (this.shown.some(stale)) {
      this.shown = this.shown.filter((p) => !stale(p));
      this.placed = placeProblems(this.schema, [...this.local, ...this.shown]);
    }
  }

  private load(): void {
    this.baseline = withDefaults(this.schema, clone(this.value ?? {})) as Config;
    this.draft = this.baseline;
    this.edits = new Map();
    this.local = [];
    this.generation++;
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    if (this.saving) return;
    const problems = check(this.schema, this.draft, [], this.edits);
    this.local = problems;
    if (problems.length) {
      void this.updateComplete.then(() => this.focusFirstError());
      return;
    }
    this.dispatchEvent(new SchemaFormSaveEvent(saveValues(this.schema, this.baseline, this.draft, this.edits)));
  }

  private discard(): void {
    this.draft = this.baseline;
    this.edits = new Map();
    this.local = [];
    this.generation++;
  }

  private resetToDefaults(): void {
    if (!window.confirm(RESET_PROMPT)) return;
    this.draft = resetValue(this.schema, this.baseline, KEPT_ON_RESET);
    this.edits = new Map();
    this.local = [];
    this.generation++;
  }

  private onSummaryLink(e: Event, field: string): void {
    e.preventDefault();
    this.focusField(field);
  }

  private focusField(field: string): void {
    const el = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(idFor(field.split('.')))}`);
    el?.closest('details')?.setAttribute('open', '');
    el?.focus();
  }

  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!this.dirty) return;
    e.preventDefault();
    e.returnValue = '';
  };
}

customElements.define('mq-schema-form', SchemaForm);

declare global {
  interface HTMLElementTagNameMap {
    'mq-schema-form': SchemaForm;
  }
}
