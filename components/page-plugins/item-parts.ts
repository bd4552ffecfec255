import { html, nothing } from 'lit';
import { icon } from '../lib/icons.ts';

/** Up and down buttons: a way to reorder the rotation with a tap or a click. */
export function renderOrderButtons(name: string, position: number, count: number, move: (delta: number) => void) {
  return html`<span class="order">
    <button type="button" aria-label=${`Move ${name} up`} ?disabled=${position <= 0} @click=${() => move(-1)}>
      ${icon('up')}
    </button>
    <button type="button" aria-label=${`Move ${name} down`} ?disabled=${position >= count - 1} @click=${() => move(1)}>
      ${icon('down')}
    </button>
  </span>`;
}

const KEY_MOVES: Readonly<Record<string, (position: number, count: number) => number>> = Object.freeze({
  ArrowUp: (p) => p - 1,
  ArrowDown: (p) => p + 1,
  Home: () => 0,
  End: (_p, count) => count - 1,
});

/**
 * The drag handle: pointer drags start here (rotation-drag.ts), and it is a button the keyboard
 * reaches, where the arrow keys (and Home, End) move the plugin and focus stays on it.
 */
export function renderHandle(
  name: string,
  position: number,
  count: number,
  moveTo: (to: number, focus: 'handle') => void,
) {
  const onKey = (e: KeyboardEvent) => {
    const to = KEY_MOVES[e.key]?.(position, count);
    if (to === undefined) return;
    e.preventDefault();
    if (to >= 0 && to < count && to !== position) moveTo(to, 'handle');
  };
  return html`<button
      type="button"
      class="handle"
      aria-label=${`Reorder ${name}: position ${position + 1} of ${count}`}
      aria-describedby="handle-help"
      @keydown=${onKey}
    >
      ${icon('grip')}
    </button>
    <span id="handle-help" class="visually-hidden">Drag, or press the up and down arrow keys, to move it.</span>`;
}

/**
 * The display duration in seconds; empty means the plugin's default. Saved on change (blur or
 * Enter). Bound without `live`: a reload that brings the same stored value leaves a value being
 * typed, or one the server refused, in the field.
 */
export function renderDuration(value: number | null, problem: string, onChange: (e: Event) => void) {
  return html`<label class="duration"
      >Display duration
      <input
        type="number"
        name="display_duration"
        min="1"
        max="300"
        step="1"
        inputmode="numeric"
        placeholder="15"
        aria-invalid=${problem ? 'true' : 'false'}
        .value=${value === null ? '' : String(value)}
        @change=${onChange}
      />
      seconds</label
    >
    ${problem ? html`<p class="field-error" role="alert">${problem}</p>` : nothing}`;
}

/**
 * The uninstall confirmation, a modal dialog (focus kept inside, Escape cancels). Its `close`
 * event carries the choice in `returnValue` ('uninstall' to go ahead) and the "keep settings" box.
 */
export function renderUninstallDialog(name: string, onClose: (e: Event) => void) {
  return html`<dialog class="confirm" aria-labelledby="confirm-title" @close=${onClose}>
    <form method="dialog">
      <h2 id="confirm-title">Uninstall ${name}?</h2>
      <p>Its files are removed, and its settings too unless you keep them. You can install it again from the Store.</p>
      <label><input type="checkbox" name="keep" /> Keep its settings</label>
      <div class="actions">
        <button value="cancel" autofocus>Cancel</button>
        <button value="uninstall" class="danger confirm-uninstall">Uninstall</button>
      </div>
    </form>
  </dialog>`;
}
