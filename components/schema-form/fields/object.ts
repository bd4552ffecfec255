import { html, nothing, type TemplateResult } from 'lit';
import { idFor, type FieldContext, type FieldOptions } from '../context.ts';
import { pathKey, type Path } from '../paths.ts';
import { ext, isAdvanced, isHidden, labelOf, orderedKeys, type JsonSchema } from '../schema.ts';

/** The properties of an object, in order; `x-advanced` ones folded away under "Advanced settings". */
export function objectProperties(ctx: FieldContext, s: JsonSchema, path: Path): TemplateResult {
  const required = new Set(s.required ?? []);
  const keys = orderedKeys(s).filter((k) => !isHidden(s.properties![k]!));
  const field = (k: string) =>
    ctx.renderField(s.properties![k]!, [...path, k], {
      label: labelOf(k, s.properties![k]!),
      required: required.has(k),
    });
  const basic = keys.filter((k) => !isAdvanced(s.properties![k]!));
  const advanced = keys.filter((k) => isAdvanced(s.properties![k]!));
  return html`${basic.map(field)}
  ${
    advanced.length
      ? html`<details class="advanced" ?open=${advanced.some((k) => ctx.hasErrorWithin([...path, k]))}>
          <summary>Advanced settings</summary>
          ${advanced.map(field)}
        </details>`
      : nothing
  }`;
}

/**
 * A nested object: its properties inside a fieldset whose legend is the object's label. With
 * `x-collapsed: true` it starts folded under its label (opened when something inside has a problem).
 */
export function objectField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const set = fieldset(ctx, s, path, opts);
  if (ext(s, 'collapsed') !== true) return set;
  return html`<details class="fold" ?open=${ctx.hasErrorWithin(path)}>
    <summary>${opts.label}</summary>
    ${set}
  </details>`;
}

function fieldset(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const id = idFor(path);
  const error = ctx.errorFor(path);
  return html`<fieldset class="group object" data-path=${pathKey(path)} data-kind="object" id=${id} tabindex="-1">
    <legend>${opts.label}</legend>
    ${s.description && !opts.compact ? html`<p class="help">${s.description}</p>` : nothing}
    ${error ? html`<p class="field-error" id="${id}-err">${error}</p>` : nothing} ${objectProperties(ctx, s, path)}
  </fieldset>`;
}
