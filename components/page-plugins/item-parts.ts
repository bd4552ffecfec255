import { html, nothing } from 'lit';

/** Up and down buttons: the keyboard's way to reorder the rotation. */
export function renderOrderButtons(name: string, position: number, count: number, move: (delta: number) => void) {
  return html`<span class="order">
    <button type="button" aria-label=${`Move ${name} up`} ?disabled=${position <= 0} @click=${() => move(-1)}>↑</button>
    <button type="button" aria-label=${`Move ${name} down`} ?disabled=${position >= count - 1} @click=${() => move(1)}>
      ↓
    </button>
  </span>`;
}

/**
 * The display duration in seconds; empty means the plugin's default. Saved on change (blur or
 * Enter). Bound without `live`: a reload that brings the same stored value leaves a value being
 * typed, or one the server refused, in the field.
 */
export function renderDuration(value: number | null, problem: string, onChange: (e: Event) => void) {
  return html`<label class="duration"
      >Show for
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
      s</label
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
