import { defineRoute } from '../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'The OpenAPI document of this API',
  description: 'Generated from the route declarations the server runs; docs/API.md is rendered from it.',
  tags: ['system'],
  public: true,
  responses: {
    200: { description: 'OpenAPI 3.0 document (not wrapped in the envelope)', contentType: 'application/json' },
  },
  handler: (c) => c.json(c.var.openapi()),
});
