import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import { AppError } from '../../../core/platform/errors/app-error.ts';
import { pumpEvents } from '../../../core/http/sse/events.ts';
import { defineRoute } from '../../../core/http/route.ts';

const EVENT_ID_MAX = 100;
const EVENT_ID = v.pipe(
  v.string('an event id'),
  v.maxLength(EVENT_ID_MAX, `an event id of at most ${EVENT_ID_MAX} characters`),
);

function headerId(value: string | undefined): string | undefined {
  if (value === undefined || value.length <= EVENT_ID_MAX) return value;
  const expected = `an event id of at most ${EVENT_ID_MAX} characters`;
  throw new AppError('VALIDATION_ERROR', {
    message: `Invalid header: Last-Event-ID: expected ${expected}, received ${value.length} characters`,
    context: {
      problems: [
        { in: 'header', field: 'Last-Event-ID', expected, received: `${value.length} characters`, message: expected },
      ],
    },
  });
}

export const GET = defineRoute({
  summary:
    'Server-Sent Events: operations created, started, progress, retrying, finished; plugin state; screen changes',
  description:
    '`display.changed` carries the data of GET /api/v3/display/current-status whenever the display reports a new screen. Each event has an id; reconnect with the `Last-Event-ID` header (or `?last_event_id=`) to receive what was missed. The first event is `ready`, or `resync` when the missed events are no longer kept (after a restart or a long absence): reload state then.',
  tags: ['events'],
  stream: true,
  query: v.object({ last_event_id: v.optional(EVENT_ID) }),
  responses: { 200: { description: 'text/event-stream', contentType: 'text/event-stream' } },
  handler: (c, { query }) => {
    const { services } = c.var;
    const lastEventId = headerId(c.req.header('last-event-id')) ?? query.last_event_id;
    return streamSSE(
      c,
      async (stream) => {
        const gone = new AbortController();
        stream.onAbort(() => gone.abort());
        // Ends when the client leaves, when shutdown aborts remaining work, when the event hub
        // closes, or when the session or token it was opened with is revoked.
        const signal = AbortSignal.any([
          gone.signal,
          services.lifecycle.signal,
          services.events.closed,
          c.req.raw.signal,
          ...(c.var.credential ? [c.var.credential.revoked] : []),
        ]);
        await pumpEvents(stream, { events: services.events, lastEventId, signal });
      },
      async (e) => services.log.warn('event stream failed', { error: e.message }),
    );
  },
});
