import { html, type TemplateResult } from 'lit';
import { fieldFrame, idFor, type FieldContext, type FieldOptions } from './context.ts';
import { colorField } from './fields/color.ts';
import { checkboxGroupField, listField, tableField } from './fields/lists.ts';
import { objectField } from './fields/object.ts';
import { booleanField, enumField, numberField, textField } from './fields/scalar.ts';
import { secretField } from './fields/secret.ts';
import type { Path } from './paths.ts';
import { ext, fieldKind, type JsonSchema } from './schema.ts';

/** A setting this form cannot edit (a file manager, an OAuth flow…): shown, kept as it is. */
function unsupportedField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const widget = ext(s, 'widget');
  const value = ctx.get(path);
  const control = html`<div class="unsupported" id=${idFor(path)} tabindex="-1">
    <p class="muted">
      This setting${widget ? ` (${String(widget)})` : ''} cannot be edited in this form; saving keeps its current value.
    </p>
    ${value !== undefined ? html`<pre>${JSON.stringify(value, null, 2)}</pre>` : ''}
  </div>`;
  return fieldFrame(ctx, s, path, opts, control, 'unsupported');
}

/** Draws one property by what its schema describes. */
export function renderField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const kind = fieldKind(s);
  switch (kind) {
    case 'object':
      return objectField(ctx, s, path, opts);
    case 'text':
    case 'textarea':
    case 'time':
      return textField(ctx, s, path, opts, kind);
    case 'number':
    case 'integer':
      return numberField(ctx, s, path, opts, kind === 'integer');
    case 'boolean':
      return booleanField(ctx, s, path, opts);
    case 'enum':
      return enumField(ctx, s, path, opts);
    case 'color-rgb':
    case 'color-hex':
      return colorField(ctx, s, path, opts, kind);
    case 'secret':
      return secretField(ctx, s, path, opts);
    case 'list':
      return listField(ctx, s, path, opts);
    case 'checkbox-group':
      return checkboxGroupField(ctx, s, path, opts);
    case 'table':
      return tableField(ctx, s, path, opts);
    case 'unsupported':
      return unsupportedField(ctx, s, path, opts);
  }
}
