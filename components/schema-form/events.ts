import type { SaveValues } from './changes.ts';

export const SAVE_EVENT = 'mq-save';

/**
 * Sent when the user saves a valid form. `changes` holds only what changed (typed secrets included,
 * untouched ones never); `config` is the whole config minus untouched secrets.
 */
export class SchemaFormSaveEvent extends Event {
  readonly changes: SaveValues['changes'];
  readonly config: SaveValues['config'];

  constructor(values: SaveValues) {
    super(SAVE_EVENT, { bubbles: true, composed: true });
    this.changes = values.changes;
    this.config = values.config;
  }
}

/** Sent (bubbling out of shadow roots) whenever the form goes from clean to changed or back. */
export const dirtyEvent = (dirty: boolean) =>
  new CustomEvent<{ dirty: boolean }>('mq-dirty-change', { detail: { dirty }, bubbles: true, composed: true });

declare global {
  interface HTMLElementEventMap {
    [SAVE_EVENT]: SchemaFormSaveEvent;
  }
}
