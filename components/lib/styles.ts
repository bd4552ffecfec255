import { css } from 'lit';

/**
 * Styles every component shares (adopted once, used by each shadow root): type, buttons, inputs,
 * a focus ring that is always visible for keyboard users, and the async-state views. Colours come
 * from the custom properties in app.css.
 */
export const base = css`
  :host {
    display: block;
    box-sizing: border-box;
    min-width: 0;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h1,
  h2,
  h3 {
    margin: 0 0 var(--mq-space-2);
    line-height: 1.25;
  }
  h1 {
    font-size: 1.4rem;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0 0 var(--mq-space-2);
  }
  a {
    color: var(--mq-link);
  }
  code,
  pre {
    font-family: var(--mq-mono);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  pre {
    white-space: pre-wrap;
    margin: 0;
  }
  .icon {
    width: 1.15em;
    height: 1.15em;
    flex: none;
    vertical-align: -0.2em;
  }
  :focus-visible {
    outline: 3px solid var(--mq-focus);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.35rem 0.85rem;
    border-radius: var(--mq-radius);
    border: 1px solid var(--mq-border-strong);
    background: var(--mq-surface-2);
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--mq-surface-3);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--mq-accent);
    border-color: var(--mq-accent);
    color: var(--mq-on-accent);
    font-weight: 600;
  }
  /* A link that looks like a button: it goes somewhere rather than doing something. */
  .button-link {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.35rem 0.85rem;
    border-radius: var(--mq-radius);
    border: 1px solid var(--mq-border-strong);
    text-decoration: none;
    color: var(--mq-text);
  }
  .button-link:hover {
    background: var(--mq-surface-3);
  }
  button.danger {
    border-color: var(--mq-danger);
    color: var(--mq-danger);
  }
  input:not([type='checkbox']):not([type='radio']):not([type='color']):not([type='range']),
  select,
  textarea {
    width: 100%;
    max-width: 100%;
    min-height: 2.25rem;
    padding: 0.35rem 0.5rem;
    border-radius: var(--mq-radius);
    border: 1px solid var(--mq-border-strong);
    background: var(--mq-input-bg);
  }
  [aria-invalid='true'] {
    border-color: var(--mq-danger) !important;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .muted {
    color: var(--mq-muted);
  }
  .card {
    background: var(--mq-surface);
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-3);
    margin-bottom: var(--mq-space-3);
    min-width: 0;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8rem;
    font-weight: 600;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .ok,
  .healthy,
  .running {
    color: var(--mq-ok);
  }
  .degraded,
  .restarting,
  .starting {
    color: var(--mq-warn);
  }
  .failed,
  .unhealthy {
    color: var(--mq-danger);
  }
  .loading {
    display: flex;
    align-items: center;
    gap: var(--mq-space-2);
    color: var(--mq-muted);
  }
  .spinner {
    width: 1rem;
    height: 1rem;
    border-radius: 50%;
    border: 2px solid var(--mq-border-strong);
    border-top-color: var(--mq-accent);
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .empty {
    color: var(--mq-muted);
    font-style: italic;
  }
  /* Positioned, so visually hidden labels inside stay within the scrolling box. */
  .table-wrap {
    position: relative;
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--mq-border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--mq-muted);
    font-size: 0.85rem;
  }
  /* Every list of terms in the UI is a fact sheet: term on the left, value on the right. */
  dl {
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: 0.15rem var(--mq-space-2);
    margin: 0 0 var(--mq-space-2);
  }
  dt {
    color: var(--mq-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;

/** A boxed warning above a page's content (safe mode, repairs waiting for the user): `.banner` with an `h2`. */
export const warningBanner = css`
  .banner {
    border: 2px solid var(--mq-warn);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-3);
    margin-bottom: var(--mq-space-3);
  }
  .banner h2 {
    margin: 0 0 var(--mq-space-2);
    font-size: 1.05rem;
  }
`;
