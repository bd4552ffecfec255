import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { describedBy, fieldFrame, idFor, target, type FieldContext, type FieldOptions } from '../context.ts';
import type { Path } from '../paths.ts';
import type { JsonSchema } from '../schema.ts';

export const SECRET_STATES = ['unchanged', 'unset', 'new', 'cleared'] as const;
export type SecretState = (typeof SECRET_STATES)[number];

const STATE_TEXT: Record<SecretState, string> = {
  unchanged: 'Saved. Leave empty to keep it; type to replace it.',
  unset: 'Not set.',
  new: 'Will be saved when you save.',
  cleared: 'Will be removed when you save.',
};

/**
 * A secret (`x-secret: true`). The server only ever sends a mask, so the box starts empty: what is
 * typed replaces the stored value, an empty box keeps it, and "Remove" clears it.
 */
export function secretField(ctx: FieldContext, s: JsonSchema, path: Path, opts: FieldOptions): TemplateResult {
  const stored = ctx.get(path);
  const isSet = typeof stored === 'string' && stored !== '';
  const edit = ctx.secretEdit(path);
  const state: SecretState = edit === null ? 'cleared' : edit !== undefined ? 'new' : isSet ? 'unchanged' : 'unset';
  const id = idFor(path);
  const error = ctx.errorFor(path);
  const toggle = (e: Event) => {
    const button = e.currentTarget as HTMLButtonElement;
    const input = (button.getRootNode() as ShadowRoot).getElementById(id) as HTMLInputElement | null;
    if (!input) return;
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.textContent = show ? 'Hide' : 'Show';
    button.setAttribute('aria-pressed', String(show));
  };
  const control = html`<div class="secret-row">
      <input
        id=${id}
        type="password"
        autocomplete="new-password"
        spellcheck="false"
        .value=${live(typeof edit === 'string' ? edit : '')}
        placeholder=${state === 'unchanged' ? '•••••••• (unchanged)' : state === 'cleared' ? '(will be removed)' : 'Not set'}
        ?disabled=${state === 'cleared'}
        aria-describedby=${[`${id}-state`, describedBy(s, path, error)].filter(Boolean).join(' ')}
        aria-invalid=${error ? 'true' : 'false'}
        @input=${(e: Event) => ctx.setSecretEdit(path, target(e).value === '' ? undefined : target(e).value)}
      />
      <button type="button" class="show" aria-pressed="false" aria-label="Show ${opts.label}" @click=${toggle}>
        Show
      </button>
      ${
        state === 'cleared'
          ? html`<button type="button" @click=${() => ctx.setSecretEdit(path, undefined)}>Undo remove</button>`
          : isSet
            ? html`<button type="button" class="danger" @click=${() => ctx.setSecretEdit(path, null)}>Remove</button>`
            : nothing
      }
    </div>
    <p class="secret-state muted ${opts.compact ? 'visually-hidden' : ''}" id="${id}-state" data-secret-state=${state}>
      ${STATE_TEXT[state]}
    </p>`;
  return fieldFrame(ctx, s, path, opts, control, 'secret');
}
