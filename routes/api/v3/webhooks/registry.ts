import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { receiveRegistryWebhook } from '../../../../core/registry/webhook.ts';

export const POST = defineRoute({
  summary: 'Registry webhook (GitHub push)',
  description:
    'Off (404) unless github.webhook_secret is set in config_secrets.json. X-Hub-Signature-256 is checked on the raw body before parsing (401 when missing or wrong); a delivery id is handled once; push → 202 with the refresh operation id; ping → 200.',
  tags: ['store'],
  public: true,
  // GitHub caps webhook payloads at 25 MB; a push to a registry is far smaller.
  maxBodyBytes: 5 * 1024 * 1024,
  responses: {
    202: { description: 'Refresh queued', data: v.object({ operation_id: v.string(), sources: v.array(v.string()) }) },
    200: { description: 'ping, a replayed delivery, or an event that is not push' },
  },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
  handler: async (c) => {
    // The raw bytes: the signature covers them exactly as sent.
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const answer = receiveRegistryWebhook(c.var.services, { header: (n) => c.req.header(n), raw });
    return ok(c, answer.data, { status: answer.status, message: answer.message });
  },
});
