/** `npm run docs:api`: writes docs/API.md from the route declarations. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { renderApiMarkdown } from '../core/http/api-markdown.ts';
import { loadRouteTable } from '../core/http/file-routes.ts';
import { buildOpenApi } from '../core/http/openapi.ts';
import { readVersion } from '../core/platform/version.ts';
import { ROUTES_DIR } from '../core/app/web.ts';

const doc = buildOpenApi(await loadRouteTable([ROUTES_DIR]), readVersion());
fs.writeFileSync(path.join(PROJECT_ROOT, 'docs', 'API.md'), renderApiMarkdown(doc));
console.log('wrote docs/API.md');
