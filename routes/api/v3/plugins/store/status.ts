import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { storeStatus } from '../../../../../core/registry/status.ts';

export const GET = defineRoute({
  summary: 'Registry sources: cache, freshness, failures, next attempt',
  tags: ['store'],
  responses: {
    200: {
      description: 'Each source with its last success, last error and next attempt; recent refresh runs',
      data: v.object({ sources: v.array(v.record(v.string(), v.unknown())), plugins: v.number() }),
    },
  },
  handler: (c) => ok(c, storeStatus(c.var.services)),
});
