/** The server's reason for a missing preview, in words for the card. */
export function previewReasonText(reason: string): string {
  if (reason === 'needs an account')
    return 'No preview: it needs an account (an API key in its settings) to show anything.';
  if (reason.startsWith('needs settings first'))
    return `No preview: it needs settings first (${reason.replace(/^needs settings first:\s*/, '')}).`;
  if (reason === 'pending') return 'Drawing a preview…';
  if (reason.startsWith('shows nothing until')) return 'No preview: it shows something once it has fetched its data.';
  if (reason.startsWith('failed: ')) return `No preview: it could not be drawn (${reason.slice(8)}).`;
  return `No preview: ${reason}.`;
}

/** Milliseconds before asking again for a preview still being drawn: 2 s, growing to 15 s. */
export const pendingDelay = (tries: number) => Math.min(15_000, 2_000 * 1.5 ** tries);
