import * as v from 'valibot';
import { PLUGIN_ID } from '../../../../core/config/plugins-known.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { rowFrameStream } from '../../../../core/http/sse/row-frames.ts';

const MAX_PLUGINS = 200;
const idsMsg = `plugin ids separated by commas (each lowercase letters, digits, ".", "_", "-"; at most ${MAX_PLUGINS})`;

const query = v.object({
  plugins: v.optional(
    v.pipe(
      v.string(idsMsg),
      v.check((s) => {
        const ids = s.split(',');
        return ids.length <= MAX_PLUGINS && ids.every((id) => PLUGIN_ID.test(id));
      }, idsMsg),
      v.transform((s) => new Set(s.split(','))),
    ),
  ),
});

export const GET = defineRoute({
  summary: 'Frames of the plugins that are not on screen, for the Plugins page (Server-Sent Events)',
  description:
    'Events named `state`: {connected, plugins: {id: running | starting | stopped | backoff | refused | quarantined | breaker}}, sent when one changes. Unnamed events: {plugin_id, timestamp, width, height, image: base64 PNG} at the panel size. While at least one client is connected the display draws each running plugin that is not on screen about once a second (less when its CPU budget says so), counted against its budget; with none connected it draws nothing extra. `plugins` limits the stream to those plugins.',
  tags: ['display'],
  stream: true,
  query,
  responses: { 200: { description: 'text/event-stream of row frames', contentType: 'text/event-stream' } },
  handler: (c, { query }) => rowFrameStream(c, query.plugins ?? null),
});
