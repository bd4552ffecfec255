import { ok } from '../../../core/http/envelope.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { recentLines } from '../../../core/logs/filter.ts';
import { logsData, logsQuery } from '../../../core/logs/schemas.ts';
import { linesText } from '../../../core/logs/text.ts';

export const GET = defineRoute({
  summary: 'Recent log lines of the web process, the display and the plugin hosts',
  description:
    'Kept in memory (the newest 1000 of each process; journald keeps the rest under systemd). `logs` is the text LEDMatrix clients read, one line each; `lines` the same lines structured. Filters: `level` (the lowest shown), `process` (web | display | plugin), `plugin`, `after` (a line id, to read on from); `limit` 1–1000, default 100. Secrets are redacted before a line is kept.',
  tags: ['system'],
  query: logsQuery,
  responses: { 200: { description: 'The newest matching lines, oldest first', data: logsData } },
  handler: (c, { query }) => {
    const { logs } = c.var.services;
    const lines = recentLines(logs, query, query.limit);
    return ok(c, { logs: linesText(lines), lines, last_id: logs.lastId() });
  },
});
