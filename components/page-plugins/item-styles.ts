import { css } from 'lit';

/** One installed plugin's card: title row with the switch, badges, controls, then any progress or error. */
export const itemStyles = css`
  :host {
    display: block;
  }
  :host([dragging]) .item {
    position: relative;
    z-index: 2;
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.35);
    border-color: var(--mq-accent);
  }
  :host([drop='before']) .item {
    box-shadow: 0 -3px 0 var(--mq-accent);
  }
  :host([drop='after']) .item {
    box-shadow: 0 3px 0 var(--mq-accent);
  }
  .item {
    background: var(--mq-surface);
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-2) var(--mq-space-3);
    display: grid;
    gap: var(--mq-space-2);
    min-width: 0;
  }
  .top {
    display: flex;
    gap: var(--mq-space-2);
    align-items: center;
    min-width: 0;
  }
  .handle {
    cursor: grab;
    touch-action: none;
    user-select: none;
    min-width: 2.25rem;
    padding: 0.35rem;
    border-color: transparent;
    background: transparent;
    color: var(--mq-muted);
  }
  .handle:active {
    cursor: grabbing;
  }
  /* The plugin's icon on a panel-black tile; a live frame of the plugin may take its place. */
  .art {
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    flex: none;
    border-radius: var(--mq-radius);
    background: #05070a;
    color: #ffb347;
    border: 1px solid var(--mq-border);
  }
  /* A picture at the panel's size; dark in either theme, as the panel is. */
  .art.live {
    width: 5.5rem;
    height: auto;
    border: none;
  }
  .art.live mq-preview,
  .art.live mq-row-frame,
  .art.live mq-store-preview {
    width: 100%;
  }
  .no-preview {
    padding: 0.25rem;
    display: grid;
    gap: 0.2rem;
    justify-items: center;
  }
  .no-preview .why {
    margin: 0;
    font-size: 0.7rem;
    line-height: 1.2;
    text-align: center;
    color: #b8c2cc;
  }
  .art .icon {
    width: 1.5rem;
    height: 1.5rem;
  }
  .title {
    flex: 1 1 auto;
    min-width: 0;
  }
  .title h2 {
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  .title .summary {
    font-size: 0.85rem;
    display: block;
    overflow-wrap: anywhere;
  }
  .top {
    flex-wrap: wrap;
  }
  .badges,
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: center;
  }
  .badge.warn {
    color: var(--mq-warn);
  }
  .badge.danger {
    color: var(--mq-danger);
  }
  .health-detail {
    margin: 0;
    font-size: 0.85rem;
    overflow-wrap: anywhere;
  }
  .order {
    display: inline-flex;
    gap: var(--mq-space-1);
  }
  .order button {
    min-width: 2.25rem;
    padding: 0.35rem 0.5rem;
  }
  .duration {
    display: inline-flex;
    gap: var(--mq-space-1);
    align-items: center;
    white-space: nowrap;
  }
  .duration input {
    width: 5rem !important;
  }
  .field-error {
    color: var(--mq-danger);
    font-size: 0.85rem;
    margin: 0;
    flex-basis: 100%;
  }
  .saved {
    color: var(--mq-ok);
    font-size: 0.85rem;
  }
  .error-intro {
    margin: 0 0 var(--mq-space-1);
    font-weight: 600;
  }
  dialog {
    max-width: min(28rem, calc(100vw - 2rem));
    border: 1px solid var(--mq-border-strong);
    border-radius: var(--mq-radius-lg);
    background: var(--mq-surface);
    color: var(--mq-text);
    padding: var(--mq-space-3);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  dialog .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    justify-content: flex-end;
    margin-top: var(--mq-space-3);
  }
`;
