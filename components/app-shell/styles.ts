import { css } from 'lit';

/** Phone first: header, a 3×2 grid of links, the page. From 800 px: a sidebar beside the page. */
export const shellStyles = css`
  :host {
    min-height: 100vh;
  }
  .skip {
    position: absolute;
    left: var(--mq-space-2);
    top: -3rem;
    z-index: 10;
    padding: 0.5rem 1rem;
    background: var(--mq-accent);
    color: var(--mq-on-accent);
    border-radius: var(--mq-radius);
    font-weight: 600;
  }
  .skip:focus {
    top: var(--mq-space-2);
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--mq-space-2) var(--mq-space-3);
    padding: var(--mq-space-2) var(--mq-space-3);
    border-bottom: 1px solid var(--mq-border);
    background: var(--mq-surface);
  }
  .brand {
    font-weight: 700;
    font-size: 1.15rem;
    letter-spacing: 0.04em;
    color: var(--mq-accent);
    text-decoration: none;
  }
  .mini {
    width: 6rem;
    margin-left: auto;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
  }
  .side {
    padding: var(--mq-space-2) var(--mq-space-3);
    border-bottom: 1px solid var(--mq-border);
  }
  main {
    padding: var(--mq-space-3);
    min-width: 0;
    max-width: 72rem;
  }
  /* The page region takes focus after navigation so reading starts there; it is not a control. */
  main:focus {
    outline: none;
  }
  @media (min-width: 800px) {
    .mini {
      width: 10rem;
    }
    .layout {
      grid-template-columns: 13rem minmax(0, 1fr);
    }
    .side {
      border-bottom: none;
      border-right: 1px solid var(--mq-border);
      min-height: calc(100vh - 4rem);
    }
    main {
      padding: var(--mq-space-4);
    }
  }
`;
