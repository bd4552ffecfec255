import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: "Marquee's version",
  tags: ['system'],
  responses: {
    200: { description: 'Marquee and Node.js versions', data: v.object({ version: v.string(), node: v.string() }) },
  },
  handler: (c) => ok(c, { version: c.var.services.version, node: process.versions.node }),
});
