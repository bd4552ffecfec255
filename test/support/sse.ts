/** One Server-Sent Event as a client sees it. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/**
 * Reads an event-stream response one event at a time (comments and `retry:` lines skipped).
 * `next()` resolves with the next event, or null when the stream ended.
 */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(): Promise<SseMessage | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const msg: SseMessage = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const i = line.indexOf(':');
          const field = i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          if (field === 'event') msg.event = value;
          else if (field === 'id') msg.id = value;
          else if (field === 'data') data.push(value);
        }
        if (!data.length) continue;
        msg.data = data.join('\n');
        return msg;
      }
      const { done, value } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  }
  return {
    next,
    /** Reads until an event matches. */
    async until(match: (m: SseMessage) => boolean): Promise<SseMessage> {
      for (;;) {
        const m = await next();
        if (!m) throw new Error('event stream ended before the expected event');
        if (match(m)) return m;
      }
    },
    close: () => reader.cancel(),
  };
}
