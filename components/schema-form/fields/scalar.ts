import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { describedBy, fieldFrame, idFor, target, type FieldContext, type FieldOptions } from '../context.ts';
import type { Path } from '../paths.ts';
import { enumLabel, ext, type JsonSchema } from '../schema.ts';

const INPUT_TYPES: Record<string, string> = { email: 'email', uri: 'url', 'uri-reference': 'url', date: 'date' };

/** Text, with `format` choosing the keyboard on phones (email, url); `time` uses the time picker. */
export function textField(
  ctx: FieldContext,
  s: JsonSchema,
  path: Path,
  opts: FieldOptions,
  kind: 'text' | 'textarea' | 'time',
): TemplateResult {
  const raw = ctx.get(path);
  const value = raw === undefined || raw === null ? '' : String(raw);
  const error = ctx.errorFor(path);
  const common = {
    id: idFor(path),
    describedBy: describedBy(s, path, error) || nothing,
  };
  const onInput = (e: Event) => {
    const v = target(e).value;
    ctx.set(path, v === '' && !opts.required ? undefined : v);
  };
  const control =
    kind === 'textarea'
      ? html`<textarea
          id=${common.id}
          rows="3"
          .value=${live(value)}
          ?required=${opts.required}
          maxlength=${s.maxLength ?? nothing}
          aria-describedby=${common.describedBy}
          aria-invalid=${error ? 'true' : 'false'}
          @input=${onInput}
        ></textarea>`
      : html`<input
          id=${common.id}
          type=${kind === 'time' ? 'time' : (INPUT_TYPES[s.format ?? ''] ?? 'text')}
          step=${kind === 'time' ? '60' : nothing}
          .value=${live(kind === 'time' ? padTime(value) : value)}
          ?required=${opts.required}
          maxlength=${s.maxLength ?? nothing}
          placeholder=${typeof s.default === 'string' && kind !== 'time' ? s.default : nothing}
          aria-describedby=${common.describedBy}
          aria-invalid=${error ? 'true' : 'false'}
          @input=${onInput}
        />`;
  return fieldFrame(ctx, s, path, opts, control, kind);
}

/** `7:05` → `07:05`: the time input only shows two-digit hours. */
const padTime = (v: string) => (/^\d:\d\d$/.test(v) ? `0${v}` : v);

/** A number with its range; `x-widget: slider` adds a range slider beside the box. */
export function numberField(
  ctx: FieldContext,
  s: JsonSchema,
  path: Path,
  opts: FieldOptions,
  integer: boolean,
): TemplateResult {
  const raw = ctx.get(path);
  const value = typeof raw === 'number' ? String(raw) : '';
  const error = ctx.errorFor(path);
  const step = s.multipleOf ?? (integer ? 1 : 'any');
  const onInput = (e: Event) => {
    const input = target(e);
    if (input.validity.badInput) return;
    ctx.set(path, input.value === '' ? undefined : Number(input.value));
  };
  const slider =
    ext(s, 'widget') === 'slider' && s.minimum !== undefined && s.maximum !== undefined
      ? html`<input
          type="range"
          min=${s.minimum}
          max=${s.maximum}
          step=${step}
          .value=${value || String(s.minimum)}
          aria-label="${opts.label} slider"
          @input=${onInput}
        />`
      : nothing;
  const range = s.minimum !== undefined || s.maximum !== undefined ? `${s.minimum ?? '…'} to ${s.maximum ?? '…'}` : '';
  const control = html`<div class="number-row">
    <input
      id=${idFor(path)}
      type="number"
      inputmode=${integer ? 'numeric' : 'decimal'}
      min=${s.minimum ?? nothing}
      max=${s.maximum ?? nothing}
      step=${step}
      .value=${value}
      ?required=${opts.required}
      aria-describedby=${describedBy(s, path, error) || nothing}
      aria-invalid=${error ? 'true' : 'false'}
      @input=${onInput}
    />${slider}${range && !opts.compact ? html`<span class="range muted">${range}</span>` : nothing}
  </div>`;
  return fieldFrame(ctx, s, path, opts, control, integer ? 'integer' : 'number');
}

export function booleanField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const error = ctx.errorFor(path);
  const control = html`<label class="switch">
    <input
      id=${idFor(path)}
      type="checkbox"
      role="switch"
      .checked=${live(ctx.get(path) === true)}
      aria-describedby=${describedBy(s, path, error) || nothing}
      aria-invalid=${error ? 'true' : 'false'}
      @change=${(e: Event) => ctx.set(path, target(e).checked)}
    /><span class=${opts.compact ? 'visually-hidden' : ''}>${opts.label}</span>
  </label>`;
  return fieldFrame(ctx, s, path, opts, control, 'boolean');
}

/** A choice from `enum`, showing `x-options.labels`. Values keep their JSON type (numbers stay numbers). */
export function enumField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const current = ctx.get(path);
  const options = s.enum ?? [];
  const index = options.findIndex((o) => o === current);
  const error = ctx.errorFor(path);
  const control = html`<select
    id=${idFor(path)}
    .value=${live(index >= 0 ? String(index) : '')}
    ?required=${opts.required}
    aria-describedby=${describedBy(s, path, error) || nothing}
    aria-invalid=${error ? 'true' : 'false'}
    @change=${(e: Event) => {
      const i = (e.target as HTMLSelectElement).value;
      ctx.set(path, i === '' ? undefined : options[Number(i)]);
    }}
  >
    ${index < 0 ? html`<option value="">${current === undefined ? 'Choose…' : `(${String(current)})`}</option>` : nothing}
    ${options.map((o, i) => html`<option value=${String(i)} ?selected=${i === index}>${enumLabel(s, o)}</option>`)}
  </select>`;
  return fieldFrame(ctx, s, path, opts, control, 'enum');
}
