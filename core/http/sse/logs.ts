import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { matches, recentLines, type LogFilter } from '../../logs/filter.ts';
import { linesText } from '../../logs/text.ts';
import type { LogLine } from '../../platform/log-ring.ts';
import type { AppEnv } from '../types.ts';

const KEEP_ALIVE_MS = 15_000;
/** Lines waiting for a slow client beyond which the oldest are dropped (it is a tail, not a record). */
const MAX_WAITING = 2_000;

/** LEDMatrix's `/stream/logs` message, `{timestamp, logs}`, with the lines structured beside it. */
const send = (stream: SSEStreamingApi, lines: LogLine[]) =>
  stream.writeSSE({
    id: String(lines.at(-1)!.id),
    data: JSON.stringify({ timestamp: new Date().toISOString(), logs: linesText(lines), lines }),
  });

/**
 * A live tail of the recent-lines ring: first the newest `limit` matching lines (or, for a client
 * resuming with Last-Event-ID, the lines after it), then each new matching line as it is written,
 * batched per event-loop turn. Ends when the client leaves or the process shuts down.
 */
export function logStream(c: Context<AppEnv>, filter: LogFilter & { limit: number }): Response {
  const { logs, lifecycle, log } = c.var.services;
  return streamSSE(
    c,
    async (stream) => {
      const waiting: LogLine[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = logs.subscribe((line) => {
        if (!matches(line, filter)) return;
        if (waiting.push(line) > MAX_WAITING) waiting.shift();
        wake?.();
      });
      const gone = new AbortController();
      stream.onAbort(() => (gone.abort(), wake?.()));
      const signal = AbortSignal.any([gone.signal, lifecycle.signal, c.req.raw.signal]);
      try {
        const first = recentLines(logs, filter, filter.limit);
        waiting.splice(0, waiting.length, ...waiting.filter((l) => l.id > (first.at(-1)?.id ?? 0)));
        await stream.write('retry: 3000\n\n');
        if (first.length) await send(stream, first);
        while (!signal.aborted) {
          if (waiting.length) {
            // Lines written in the same turn travel together.
            await new Promise((r) => setImmediate(r));
            await send(stream, waiting.splice(0));
            continue;
          }
          const woke = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), KEEP_ALIVE_MS);
            const done = () => (clearTimeout(timer), (wake = null), resolve(true));
            wake = done;
            signal.addEventListener('abort', done, { once: true });
          });
          if (!woke) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    },
    async (e) => log.warn('log stream failed', { error: e.message }),
  );
}
