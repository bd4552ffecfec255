import { html, nothing, type ReactiveElement, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { idFor, type FieldContext, type FieldOptions } from '../context.ts';
import { defaultsOf } from '../defaults.ts';
import { pathKey, type Path } from '../paths.ts';
import { enumLabel, ext, itemSchema, labelOf, tableColumns, typeOf, type JsonSchema } from '../schema.ts';

/** A new item for a list: the item's default, else an empty value of its type. */
export function newItem(item: JsonSchema): unknown {
  const d = defaultsOf(item);
  if (d !== undefined) return d;
  switch (typeOf(item)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return item.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return {};
  }
}

/** The frame of a field made of several controls: a fieldset whose legend is the label. */
function group(
  ctx: FieldContext,
  s: JsonSchema,
  path: Path,
  opts: FieldOptions,
  kind: string,
  body: TemplateResult,
): TemplateResult {
  const id = idFor(path);
  const error = ctx.errorFor(path);
  return html`<fieldset class="group" data-path=${pathKey(path)} data-kind=${kind} id=${id} tabindex="-1">
    <legend>${opts.label}${opts.required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</legend>
    ${s.description ? html`<p class="help" id="${id}-help">${s.description}</p>` : nothing} ${body}
    ${error ? html`<p class="field-error" id="${id}-err">${error}</p>` : nothing}
  </fieldset>`;
}

/** After the form has drawn a new item, moves focus into it, so a keyboard user can type at once. */
function focusItem(from: Element, itemPath: Path) {
  const root = from.getRootNode() as ShadowRoot;
  const key = pathKey(itemPath);
  void (root.host as ReactiveElement).updateComplete.then(() =>
    root
      .querySelector<HTMLElement>(
        `[data-path="${key}"] :is(input, select, textarea), [data-path^="${key}."] :is(input, select, textarea)`,
      )
      ?.focus(),
  );
}

function addButton(ctx: FieldContext, s: JsonSchema, path: Path, items: unknown[], what: string) {
  const full = s.maxItems !== undefined && items.length >= s.maxItems;
  const add = (e: Event) => {
    ctx.set([...path, items.length], newItem(itemSchema(s)));
    focusItem(e.currentTarget as Element, [...path, items.length]);
  };
  return html`<button type="button" class="add" ?disabled=${full} @click=${add}>Add ${what}</button>`;
}

function removeButton(ctx: FieldContext, s: JsonSchema, path: Path, items: unknown[], i: number, label: string) {
  const atMin = s.minItems !== undefined && items.length <= s.minItems;
  return html`<button
    type="button"
    class="remove"
    ?disabled=${atMin}
    aria-label="Remove ${label}"
    @click=${() =>
      ctx.set(
        path,
        items.filter((_, j) => j !== i),
      )}
  >
    Remove
  </button>`;
}

/** A list of plain values (text, numbers, times…), each with its remove button. */
export function listField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const raw = ctx.get(path);
  const items = Array.isArray(raw) ? raw : [];
  const item = itemSchema(s);
  const body = html`${
    items.length
      ? html`<ol class="list">
          ${items.map((_, i) => {
            const label = `${opts.label} ${i + 1}`;
            return html`<li>
              ${ctx.renderField(item, [...path, i], { label, compact: true })}
              ${removeButton(ctx, s, path, items, i, label)}
            </li>`;
          })}
        </ol>`
      : html`<p class="empty">None yet.</p>`
  }
  ${addButton(ctx, s, path, items, 'item')}`;
  return group(ctx, s, path, opts, 'list', body);
}

/** Several choices from a fixed set (`items.enum`). Values no longer offered stay visible so they can be removed. */
export function checkboxGroupField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const raw = ctx.get(path);
  const chosen = Array.isArray(raw) ? raw : [];
  // Labels may sit on the items or, as LEDMatrix's checkbox groups put them, on the array.
  const item = { ...itemSchema(s), 'x-options': ext(itemSchema(s), 'options') ?? ext(s, 'options') };
  const offered = item.enum ?? [];
  const stale = chosen.filter((c) => !offered.includes(c));
  const toggle = (value: unknown, on: boolean) => {
    const next = on ? [...chosen, value] : chosen.filter((c) => c !== value);
    ctx.set(
      path,
      [...offered, ...stale].filter((o) => next.includes(o)),
    );
  };
  const box = (value: unknown, i: number, text: string) =>
    html`<label class="check">
      <input
        type="checkbox"
        id="${idFor(path)}-${i}"
        .checked=${live(chosen.includes(value))}
        @change=${(e: Event) => toggle(value, (e.target as HTMLInputElement).checked)}
      />
      ${text}
    </label>`;
  const body = html`<div class="checks">
    ${offered.map((o, i) => box(o, i, enumLabel(item, o)))}
    ${stale.map((o, i) => box(o, offered.length + i, `${String(o)} (no longer offered)`))}
  </div>`;
  return group(ctx, s, path, opts, 'checkbox-group', body);
}

/** Rows of objects as a table: one column per property, a remove button per row, "Add row" below. */
export function tableField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const raw = ctx.get(path);
  const rows = Array.isArray(raw) ? raw : [];
  const item = itemSchema(s);
  const cols = tableColumns(s);
  const required = new Set(item.required ?? []);
  const colLabel = (c: string) => labelOf(c, item.properties![c]!);
  const body = html`${
    rows.length
      ? html`<div class="table-wrap">
          <table>
            <thead>
              <tr>
                ${cols.map((c) => html`<th scope="col">${colLabel(c)}</th>`)}
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (_, i) =>
                  html`<tr data-row=${i}>
                    ${cols.map(
                      (c) =>
                        html`<td>
                          ${ctx.renderField(item.properties![c]!, [...path, i, c], {
                            label: `${colLabel(c)} (row ${i + 1})`,
                            compact: true,
                            required: required.has(c),
                          })}
                        </td>`,
                    )}
                    <td>${removeButton(ctx, s, path, rows, i, `row ${i + 1}`)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`
      : html`<p class="empty">No rows yet.</p>`
  }
  ${addButton(ctx, s, path, rows, 'row')}`;
  return group(ctx, s, path, opts, 'table', body);
}
