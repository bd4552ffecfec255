import { css } from 'lit';

/** The Logs page's list: monospace lines, levels in their colours, scrolling within the page. */
export const logStyles = css`
  ol {
    list-style: none;
    margin: 0;
    padding: var(--mq-space-2);
    font-family: var(--mq-mono);
    font-size: 0.85rem;
    max-height: 70vh;
    overflow: auto;
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius);
    background: var(--mq-surface-2);
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--mq-space-2);
    padding: 0.1rem 0;
    overflow-wrap: anywhere;
  }
  .level {
    text-transform: uppercase;
    font-weight: 600;
    min-width: 3.5rem;
  }
  .warn {
    color: var(--mq-warn);
  }
  .error {
    color: var(--mq-danger);
  }
  .where,
  time,
  .fields {
    color: var(--mq-muted);
  }
  .actions {
    display: flex;
    gap: var(--mq-space-2);
    align-items: center;
    flex-wrap: wrap;
  }
`;
