import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { githubStatus } from '../../../../../core/registry/github/status.ts';

export const GET = defineRoute({
  summary: 'GitHub token and rate-limit status',
  description:
    'A configured token is checked at most every 5 minutes (GitHub /rate_limit, free); figures are from the latest GitHub answer.',
  tags: ['store'],
  responses: {
    200: {
      description: 'token_status none | unknown | valid | invalid, rate-limit figures when known',
      data: v.object({
        token_status: v.picklist(['none', 'unknown', 'valid', 'invalid']),
        authenticated: v.boolean(),
        rate_limit: v.number(),
        rate_limit_remaining: v.nullable(v.number()),
        message: v.string(),
        error: v.nullable(v.string()),
      }),
    },
  },
  handler: async (c) => ok(c, await githubStatus(c.var.services, { signal: c.req.raw.signal })),
});
