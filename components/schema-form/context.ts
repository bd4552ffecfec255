import { html, nothing, type TemplateResult } from 'lit';
import { pathKey, type Path } from './paths.ts';
import type { JsonSchema } from './schema.ts';

export interface FieldOptions {
  label: string;
  required?: boolean;
  /** Inside a table cell or a list: the label is read by screen readers but not shown. */
  compact?: boolean;
}

/** What a field renderer may read and do: the form implements it. */
export interface FieldContext {
  get(path: Path): unknown;
  set(path: Path, value: unknown): void;
  /** The message of a problem for this field (from the server or the form's own checks). */
  errorFor(path: Path): string | undefined;
  /** Whether this field or anything inside it has a problem (folded sections open to show it). */
  hasErrorWithin(path: Path): boolean;
  secretEdit(path: Path): string | null | undefined;
  setSecretEdit(path: Path, value: string | null | undefined): void;
  renderField(schema: JsonSchema, path: Path, opts: FieldOptions): TemplateResult;
}

/** Element id of a field's control: unique within the form's shadow root. */
export const idFor = (path: Path) => `f-${pathKey(path).replace(/[^\w.-]/g, '_') || 'root'}`;

/** `aria-describedby` for a control: its help text and its error, when present. */
export function describedBy(schema: JsonSchema, path: Path, error: string | undefined): string {
  const id = idFor(path);
  return [schema.description ? `${id}-help` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
}

/**
 * The frame around one control: label, the control, help text and the field's error. The error
 * sits right under the control so it is seen beside the field it belongs to.
 */
export function fieldFrame(
  ctx: FieldContext,
  schema: JsonSchema,
  path: Path,
  opts: FieldOptions,
  control: TemplateResult,
  kind: string,
): TemplateResult {
  const id = idFor(path);
  const error = ctx.errorFor(path);
  return html`<div class="field ${opts.compact ? 'compact' : ''}" data-path=${pathKey(path)} data-kind=${kind}>
    ${
      kind === 'boolean'
        ? nothing
        : html`<label for=${id} class=${opts.compact ? 'visually-hidden' : ''}
            >${opts.label}${opts.required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</label
          >`
    }
    ${control}
    ${schema.description && !opts.compact ? html`<p class="help" id="${id}-help">${schema.description}</p>` : nothing}
    ${error ? html`<p class="field-error" id="${id}-err">${error}</p>` : nothing}
  </div>`;
}

/** Reads the event's input element. */
export const target = (e: Event) => e.target as HTMLInputElement;
