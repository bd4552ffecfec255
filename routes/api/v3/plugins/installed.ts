import * as v from 'valibot';
import { okSerialized } from '../../../../core/http/envelope.ts';
import { weakEtag } from '../../../../core/http/etag.ts';
import { defineRoute } from '../../../../core/http/route.ts';

const plugin = v.object({
  id: v.string(),
  name: v.string(),
  version: v.nullable(v.string()),
  latest_version: v.nullable(v.string()),
  update_available: v.boolean(),
  author: v.string(),
  category: v.string(),
  description: v.string(),
  tags: v.array(v.string()),
  enabled: v.boolean(),
  verified: v.boolean(),
  /** docs/PLUGINS.md, "icon": a name of Marquee's icon set or a Font Awesome class; null when none. */
  icon: v.nullable(v.string()),
  state: v.picklist(['installed', 'enabled', 'disabled', 'error', 'missing', 'incompatible', 'uninstalled']),
  error_info: v.nullable(
    v.object({ error: v.nullable(v.string()), error_type: v.string(), timestamp: v.nullable(v.string()) }),
  ),
  last_updated: v.nullable(v.string()),
  source: v.picklist(['registry', 'url', 'builtin', 'local']),
  local_only: v.boolean(),
  tombstoned: v.boolean(),
});

export const GET = defineRoute({
  summary: 'Installed plugins',
  description:
    'Every plugin Marquee knows of, from its state records (no disk scan, no network). `state: uninstalled` marks a folder of an uninstalled plugin that reappeared: it is not loaded until deleted or reinstalled.',
  tags: ['plugins'],
  responses: {
    200: { description: 'The plugins, sorted by id', data: v.object({ plugins: v.array(plugin) }) },
    304: { description: 'Unchanged since the ETag given in If-None-Match' },
  },
  handler: (c) => {
    const list = c.get('services').pluginList.serialized();
    return okSerialized(c, list, { etag: weakEtag(list.tag) });
  },
});
