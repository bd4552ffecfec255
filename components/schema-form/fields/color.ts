import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { describedBy, fieldFrame, idFor, target, type FieldContext, type FieldOptions } from '../context.ts';
import type { Path } from '../paths.ts';
import type { JsonSchema } from '../schema.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

export function rgbToHex(rgb: unknown): string {
  if (!Array.isArray(rgb) || rgb.length !== 3) return '#000000';
  return `#${rgb
    .map((c) =>
      Math.max(0, Math.min(255, Math.round(Number(c) || 0)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A colour, stored as LEDMatrix stores it (`[r, g, b]`) or as a `#rrggbb` string: a colour picker,
 * with the value also typed as text for people who know the exact colour.
 */
export function colorField(
  ctx: FieldContext,
  s: JsonSchema,
  path: Path,
  opts: FieldOptions,
  kind: 'color-rgb' | 'color-hex',
): TemplateResult {
  const raw = ctx.get(path);
  const hex = kind === 'color-rgb' ? rgbToHex(raw) : typeof raw === 'string' ? raw : '';
  const error = ctx.errorFor(path);
  const store = (h: string) => ctx.set(path, kind === 'color-rgb' ? hexToRgb(h) : h);
  const onText = (e: Event) => {
    const v = target(e).value.trim();
    const h = v.startsWith('#') ? v : `#${v}`;
    if (HEX.test(h)) store(h.toLowerCase());
    else if (kind === 'color-hex') ctx.set(path, v);
  };
  const readout = kind === 'color-rgb' && Array.isArray(raw) ? `rgb(${raw.join(', ')})` : '';
  const control = html`<div class="color-row">
    <input
      id=${idFor(path)}
      type="color"
      .value=${live(HEX.test(hex) ? hex.toLowerCase() : '#000000')}
      aria-describedby=${describedBy(s, path, error) || nothing}
      aria-invalid=${error ? 'true' : 'false'}
      @input=${(e: Event) => store(target(e).value)}
    />
    <input
      class="hex"
      type="text"
      inputmode="text"
      spellcheck="false"
      autocomplete="off"
      aria-label="${opts.label} as hex"
      .value=${live(hex)}
      @change=${onText}
    />
    ${readout && !opts.compact ? html`<span class="muted">${readout}</span>` : nothing}
  </div>`;
  return fieldFrame(ctx, s, path, opts, control, kind);
}
