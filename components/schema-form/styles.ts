import { css } from 'lit';

export const formStyles = css`
  form {
    display: grid;
    gap: var(--mq-space-3);
    min-width: 0;
  }
  .field {
    display: grid;
    gap: 0.2rem;
    min-width: 0;
  }
  .field > label {
    font-weight: 600;
  }
  .field.compact {
    gap: 0;
  }
  .req {
    color: var(--mq-danger);
  }
  .help {
    margin: 0;
    font-size: 0.875rem;
    color: var(--mq-muted);
  }
  .field-error {
    margin: 0;
    font-size: 0.9rem;
    color: var(--mq-danger);
    font-weight: 600;
  }
  .field-error::before {
    content: '⚠ ';
  }
  fieldset.group {
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-2) var(--mq-space-3) var(--mq-space-3);
    margin: 0;
    display: grid;
    gap: var(--mq-space-3);
    min-width: 0;
  }
  fieldset.group:focus-visible {
    outline: 3px solid var(--mq-focus);
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  .switch {
    display: inline-flex;
    align-items: center;
    gap: var(--mq-space-2);
    font-weight: 600;
    cursor: pointer;
  }
  .switch input,
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: var(--mq-accent);
  }
  .number-row,
  .color-row,
  .secret-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: center;
  }
  .number-row input[type='number'] {
    flex: 1 1 8rem;
    max-width: 12rem;
  }
  .number-row input[type='range'] {
    flex: 1 1 8rem;
    accent-color: var(--mq-accent);
  }
  .color-row input[type='color'] {
    width: 3rem;
    height: 2.25rem;
    padding: 0.1rem;
    border: 1px solid var(--mq-border-strong);
    border-radius: var(--mq-radius);
    background: var(--mq-input-bg);
  }
  .color-row input.hex {
    flex: 0 1 7.5rem;
    font-family: var(--mq-mono);
  }
  .secret-row input {
    flex: 1 1 10rem;
  }
  .secret-state {
    margin: 0;
    font-size: 0.85rem;
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2) var(--mq-space-3);
  }
  .check {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
  }
  ol.list {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: var(--mq-space-2);
  }
  ol.list li {
    display: flex;
    gap: var(--mq-space-2);
    align-items: start;
  }
  ol.list li > .field {
    flex: 1 1 auto;
  }
  td .field input:not([type='checkbox']) {
    min-width: 8rem;
  }
  .add {
    justify-self: start;
  }
  details.advanced {
    border-top: 1px dashed var(--mq-border);
    padding-top: var(--mq-space-2);
    display: grid;
    gap: var(--mq-space-3);
  }
  details.advanced[open] {
    display: grid;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    margin-bottom: var(--mq-space-2);
  }
  .summary {
    border: 1px solid var(--mq-danger);
    background: var(--mq-danger-bg);
    border-radius: var(--mq-radius-lg);
    padding: var(--mq-space-2) var(--mq-space-3);
  }
  .summary ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: center;
    position: sticky;
    bottom: 0;
    padding: var(--mq-space-2) 0;
    background: var(--mq-bg);
    border-top: 1px solid var(--mq-border);
  }
`;
