import * as v from 'valibot';
import { AppError } from '../../../../core/platform/errors/app-error.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../core/plugins/package/id.ts';
import { stateRecord, tombstonedIds } from '../../../../core/plugins/state/installed.ts';
import { getPluginState, listPluginStates } from '../../../../core/plugins/state/rows.ts';
import { isTombstoned } from '../../../../core/plugins/state/tombstones.ts';

const record = v.object({
  plugin_id: v.string(),
  name: v.string(),
  status: v.string(),
  enabled: v.boolean(),
  version: v.nullable(v.string()),
  source: v.string(),
  repo: v.nullable(v.string()),
  branch: v.nullable(v.string()),
  plugin_path: v.nullable(v.string()),
  path: v.string(),
  present: v.boolean(),
  tombstoned: v.boolean(),
  installed_at: v.nullable(v.string()),
  last_updated: v.nullable(v.string()),
  updated_at: v.nullable(v.string()),
  last_error: v.nullable(v.string()),
  last_error_at: v.nullable(v.string()),
});

export const GET = defineRoute({
  summary: 'Plugin state records',
  description: 'One record with `?plugin_id=`, else every record keyed by plugin id.',
  tags: ['plugins'],
  query: v.object({ plugin_id: v.optional(pluginIdSchema) }),
  responses: {
    200: { description: 'The record, or all records by id', data: v.union([record, v.record(v.string(), record)]) },
  },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { query }) => {
    const { services } = c.var;
    if (query.plugin_id !== undefined) {
      const row = getPluginState(services, query.plugin_id);
      if (!row) {
        throw new AppError('PLUGIN_NOT_FOUND', {
          message: `No state for plugin ${query.plugin_id}`,
          context: { plugin_id: query.plugin_id },
        });
      }
      return ok(c, stateRecord(row, isTombstoned(services, row.id)));
    }
    const tombs = tombstonedIds(services);
    return ok(c, Object.fromEntries(listPluginStates(services).map((r) => [r.id, stateRecord(r, tombs.has(r.id))])));
  },
});
