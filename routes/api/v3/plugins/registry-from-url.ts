import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { registryFromUrl } from '../../../../core/registry/from-url.ts';

const urlText = 'an https URL of a plugins.json or of a GitHub repository holding one';

export const POST = defineRoute({
  summary: 'List the plugins of a registry at a URL (nothing is saved)',
  description:
    "LEDMatrix's endpoint: reads the registry document at `repo_url` (a `plugins.json` URL, or a GitHub repository holding `plugins.json` or `registry.json` on main or master) and lists its valid plugins in the store's shape, with the entries it had to skip. To keep the registry as a source, save it: `POST /api/v3/plugins/saved-repositories`.",
  tags: ['store'],
  body: v.object({
    repo_url: v.pipe(v.string(urlText), v.trim(), v.minLength(1, urlText), v.maxLength(2048, urlText), v.url(urlText)),
  }),
  responses: {
    200: {
      description: 'The registry URL that answered and its plugins',
      data: v.object({
        registry_url: v.string(),
        plugins: v.array(v.record(v.string(), v.unknown())),
        skipped: v.array(v.record(v.string(), v.unknown())),
      }),
    },
  },
  errors: ['URL_NOT_ALLOWED', 'REGISTRY_INVALID', 'TIMEOUT', 'NETWORK_ERROR', 'RESPONSE_TOO_LARGE'],
  handler: async (c, { body }) => {
    const { services } = c.var;
    const found = await registryFromUrl(services, body.repo_url, c.req.raw.signal);
    return ok(c, found, { message: `${found.plugins.length} plugins in ${found.registry_url}` });
  },
});
