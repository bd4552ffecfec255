import * as v from 'valibot';
import { okSerialized } from '../../../../../core/http/envelope.ts';
import { weakEtag } from '../../../../../core/http/etag.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { listPlugins } from '../../../../../core/registry/browse.ts';
import type { StoreListAnswer } from '../../../../../core/registry/list-cache.ts';

const flag = v.pipe(
  v.string(),
  v.toLowerCase(),
  v.picklist(['true', 'false', '1', '0'], 'true or false'),
  v.transform((s) => s === 'true' || s === '1'),
);
const words = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));

export const GET = defineRoute({
  summary: 'Browse the plugin store',
  description:
    'Answered from the cache, never from the network: expired data is served at once (metadata.stale) and refreshed in the background. Only a source never fetched before makes the first browse wait, bounded by the outbound timeout.',
  tags: ['store'],
  query: v.object({
    query: v.optional(words(200)),
    category: v.optional(words(100)),
    tags: v.optional(
      v.pipe(
        v.union([v.string(), v.array(v.string())], 'a tag, or the parameter repeated'),
        v.transform((t) => (Array.isArray(t) ? t : [t])),
        v.maxLength(50, 'at most 50 tags'),
      ),
    ),
    verified: v.optional(flag),
    /** LEDMatrix's switches; facts always come from the cache here. */
    fetch_commit_info: v.optional(v.string()),
    fetch_latest_versions: v.optional(v.string()),
  }),
  responses: {
    200: {
      description: 'Plugins (LEDMatrix fields plus source, icon, type) and how fresh they are',
      data: v.object({ plugins: v.array(v.record(v.string(), v.unknown())) }),
    },
    304: { description: 'Unchanged since the ETag given in If-None-Match' },
  },
  handler: (c, { query }) => {
    const answer = (a: StoreListAnswer) =>
      okSerialized(c, a.json, { metadataJson: a.metadataJson, etag: weakEtag(a.tag) });
    const listed = listPlugins(c.get('services'), query);
    return listed instanceof Promise ? listed.then(answer) : answer(listed);
  },
});
