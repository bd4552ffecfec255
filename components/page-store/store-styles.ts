import { css } from 'lit';

/** The Store's cards, filters and notices. */
export const storeStyles = css`
  .entries {
    list-style: none;
    margin: 0 0 var(--mq-space-3);
    padding: 0;
    display: grid;
    gap: var(--mq-space-2);
  }
  .item {
    background: var(--mq-surface);
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-2) var(--mq-space-3);
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: var(--mq-space-3);
    align-items: start;
    min-width: 0;
  }
  .body {
    display: grid;
    gap: var(--mq-space-2);
    min-width: 0;
  }
  /* The plugin's artwork: the server-drawn preview, or its icon on a panel-black tile. */
  .art {
    display: grid;
    place-items: center;
    width: 8rem;
    min-height: 3.5rem;
    padding: 0.25rem;
    border-radius: var(--mq-radius);
    background: #05070a;
    color: var(--mq-accent-on-dark, #ffb347);
    border: 1px solid var(--mq-border);
  }
  /* On a phone the preview goes above the text, so the text keeps the card's whole width. */
  @media (max-width: 30rem) {
    .item {
      grid-template-columns: minmax(0, 1fr);
    }
    .art {
      width: min(100%, 12rem);
    }
  }
  .art .icon {
    width: 1.9rem;
    height: 1.9rem;
  }
  .outcome {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: center;
    border-radius: var(--mq-radius);
    padding: var(--mq-space-2);
    border: 1px solid currentColor;
  }
  .outcome p {
    margin: 0;
  }
  .ok-box {
    border-color: var(--mq-ok);
  }
  .ok-box .next {
    color: var(--mq-ok);
    font-weight: 600;
    display: flex;
    gap: var(--mq-space-1);
    align-items: center;
  }
  .outcome.warn {
    display: grid;
  }
  .head-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
  }
  .panel {
    margin-bottom: var(--mq-space-3);
  }
  .panel-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--mq-space-2);
  }
  .item h2 {
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  .top,
  .actions,
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: center;
  }
  .top {
    justify-content: space-between;
  }
  .item p {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .meta {
    font-size: 0.85rem;
  }
  .badge.warn,
  .warn {
    color: var(--mq-warn);
  }
  .tag {
    min-height: auto;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.8rem;
  }
  .error-intro {
    margin: 0 0 var(--mq-space-1);
    font-weight: 600;
  }
  .notice {
    border: 1px solid var(--mq-warn);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-2) var(--mq-space-3);
    margin-bottom: var(--mq-space-3);
  }
  .notice ul {
    margin: var(--mq-space-1) 0 0;
    padding-left: 1.25rem;
  }
  .notice li {
    overflow-wrap: anywhere;
  }
  .check {
    display: inline-flex !important;
    flex: 0 0 auto !important;
    gap: var(--mq-space-1);
    align-items: center;
    align-self: center;
  }
  .count {
    font-size: 0.85rem;
  }
  form.stack {
    display: grid;
    gap: var(--mq-space-2);
  }
  form.stack label {
    display: grid;
    gap: 0.15rem;
  }
  .field-error {
    color: var(--mq-danger);
    font-size: 0.85rem;
    margin: 0;
  }
  .saved {
    color: var(--mq-ok);
  }
  details summary {
    cursor: pointer;
  }
  .sources {
    list-style: none;
    margin: 0 0 var(--mq-space-3);
    padding: 0;
    display: grid;
    gap: var(--mq-space-2);
  }
  .sources li {
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius);
    padding: var(--mq-space-2);
    display: grid;
    gap: var(--mq-space-1);
    min-width: 0;
  }
  .sources li > span,
  .sources .last-error {
    font-size: 0.85rem;
    overflow-wrap: anywhere;
  }
`;
