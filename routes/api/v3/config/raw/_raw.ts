import * as v from 'valibot';
import { objectSchema } from '../../../../../core/config/change.ts';
import { savedResponse } from '../../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../../core/config/save.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

const wholeFile = v.pipe(
  objectSchema,
  v.check((o) => Object.keys(o).length > 0, 'a non-empty JSON object (an empty one would erase the file)'),
);

/** POST for a whole-file edit of one config file. */
export function rawRoute(file: 'main' | 'secrets', name: string, description: string) {
  return defineRoute({
    summary: `Replace ${name}`,
    description,
    tags: ['config'],
    body: wholeFile,
    responses: {
      200: { description: 'Saved; the backup made and the sections changed' },
      202: { description: 'Queued behind other work; follow the operation (Location)' },
    },
    errors: ['CONFIG_VALIDATION_FAILED', 'CONFIG_SAVE_FAILED', 'CONFIG_FILE_UNREADABLE', 'PLUGIN_OPERATION_CONFLICT'],
    handler: async (c, { body }) => {
      return savedResponse(c, await saveConfig(c.var.services, { op: 'raw', file, content: body }));
    },
  });
}
