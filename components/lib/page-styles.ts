import { css } from 'lit';

/** Layout shared by the pages: a heading row with actions, and sections as cards. */
export const pageStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: baseline;
    justify-content: space-between;
    margin-bottom: var(--mq-space-2);
  }
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--mq-space-2);
  }
  .items li {
    border: 1px solid var(--mq-border);
    border-radius: var(--mq-radius);
    padding: var(--mq-space-2) var(--mq-space-3);
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: baseline;
    justify-content: space-between;
    min-width: 0;
  }
  .items .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--mq-space-2);
    align-items: end;
    margin-bottom: var(--mq-space-3);
  }
  .filters label {
    display: grid;
    gap: 0.15rem;
    flex: 1 1 9rem;
    font-size: 0.9rem;
  }
`;
