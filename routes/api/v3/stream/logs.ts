import { defineRoute } from '../../../../core/http/route.ts';
import { logStream } from '../../../../core/http/sse/logs.ts';
import { logsQuery } from '../../../../core/logs/schemas.ts';

const LAST_ID = /^\d{1,15}$/;

export const GET = defineRoute({
  summary: 'Live tail of the log (Server-Sent Events)',
  description:
    'Each event: {timestamp, logs: text, lines: [...]}, as LEDMatrix sends on this path, with the lines structured. First the newest `limit` matching lines (default 100), then every new matching line as it is written. Same filters as GET /api/v3/logs; reconnecting with `Last-Event-ID` (a line id) resumes after that line.',
  tags: ['system'],
  stream: true,
  query: logsQuery,
  responses: { 200: { description: 'text/event-stream of log lines', contentType: 'text/event-stream' } },
  handler: (c, { query }) => {
    const resume = c.req.header('last-event-id');
    const after = resume && LAST_ID.test(resume) ? Number(resume) : query.after;
    return logStream(c, { ...query, after, limit: after === undefined ? query.limit : 1_000 });
  },
});
