/** A page's name for itself (the shell shows it as the document title and the main region's name). */
export const pageTitleEvent = (title: string) =>
  new CustomEvent<{ title: string }>('mq-page-title', { detail: { title }, bubbles: true, composed: true });
