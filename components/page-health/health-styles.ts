import { css } from 'lit';

/** The Health page: the verdict and what to do first, plugin states, then the technical details. */
export const healthStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: baseline;
    justify-content: space-between;
  }
  .verdict {
    font-size: 1.3rem;
    display: flex;
    gap: var(--mq-space-2);
    align-items: center;
  }
  .verdict.ok {
    color: var(--mq-ok);
  }
  .verdict.warn {
    color: var(--mq-warn);
  }
  .verdict.danger {
    color: var(--mq-danger);
  }
  .findings {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--mq-space-2);
  }
  .findings li {
    border-left: 4px solid var(--mq-warn);
    padding: var(--mq-space-1) var(--mq-space-2);
    background: var(--mq-surface-2);
    border-radius: var(--mq-radius);
  }
  .findings li[data-level='danger'] {
    border-color: var(--mq-danger);
  }
  .findings .title {
    font-weight: 600;
    overflow-wrap: anywhere;
    display: flex;
    gap: var(--mq-space-2);
    align-items: baseline;
  }
  .plugin-states {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--mq-space-1);
  }
  .plugin-states li {
    display: flex;
    justify-content: space-between;
    gap: var(--mq-space-2);
    flex-wrap: wrap;
    border-bottom: 1px solid var(--mq-border);
    padding: var(--mq-space-1) 0;
  }
  .plugin-states .name {
    font-weight: 600;
  }
  .badge.off {
    color: var(--mq-muted);
  }
  .badge.warn {
    color: var(--mq-warn);
  }
  .badge.danger {
    color: var(--mq-danger);
  }
  .saved {
    color: var(--mq-ok);
  }
  details.tech > summary {
    cursor: pointer;
  }
  details.tech > summary h2 {
    display: inline;
  }
  details.tech section {
    margin-top: var(--mq-space-3);
  }
  .checks {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--mq-space-2);
  }
  .checks li {
    border-top: 1px solid var(--mq-border);
    padding-top: var(--mq-space-2);
  }
  .check-head {
    display: flex;
    gap: var(--mq-space-2);
    align-items: center;
    flex-wrap: wrap;
  }
  .detail {
    margin: 0.25rem 0;
  }
  .facts {
    margin: 0;
    font-size: 0.9rem;
  }
  .small {
    font-size: 0.85rem;
  }
`;
