import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { reachableAt } from '../../../../core/platform/net/reachable.ts';

export const GET = defineRoute({
  summary: 'Where other devices open this web UI',
  description:
    'With MARQUEE_HOST=0.0.0.0: `<hostname>.local` and every network address; bound to one address: that one; on loopback (the default without authentication): none, `local_only` is true.',
  tags: ['system'],
  responses: {
    200: {
      description: 'The addresses',
      data: v.object({ listen_host: v.string(), local_only: v.boolean(), urls: v.array(v.string()) }),
    },
  },
  handler: (c) => {
    const { settings } = c.var.services;
    // The port the browser used: the one the server got when settings asked for any (0).
    const port = Number(new URL(c.req.url).port) || settings.port;
    const { localOnly, urls } = reachableAt(settings.host, port);
    return ok(c, { listen_host: settings.host, local_only: localOnly, urls });
  },
});
