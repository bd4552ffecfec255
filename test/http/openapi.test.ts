import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { renderApiMarkdown } from '../../core/http/api-markdown.ts';
import { routeFromFile } from '../../core/http/file-routes.ts';
import { routeModules } from '../../core/http/route-modules.ts';
import { HTTP_METHODS } from '../../core/http/route.ts';
import { ROUTES_DIR } from '../../core/app/web.ts';
import { testApp, testDeps } from '../support/deps.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');

async function served(extra: string[] = []) {
  const { app } = await testApp(testDeps(), extra);
  const res = await app.request('/api/v3/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as { paths: Record<string, Record<string, any>> };
}

describe('the API reference cannot drift from the routes', () => {
  it('lists every method of every route file', async () => {
    const doc = await served();
    const missing: string[] = [];
    for (const { rel, load } of routeModules(ROUTES_DIR)) {
      const info = routeFromFile(rel);
      if (info.kind !== 'route') continue;
      const mod = await load();
      const p = info.path.replace(/:(\w+)/g, '{$1}');
      for (const m of HTTP_METHODS) if (mod[m] && !doc.paths[p]?.[m.toLowerCase()]) missing.push(`${m} ${p}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  it('docs/API.md is the rendering of the served document (run `npm run docs:api` after changing routes)', async () => {
    const doc = await served();
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'API.md'), 'utf8');
    expect(committed).toBe(renderApiMarkdown(doc));
  });

  it('documents inputs, their constraints, the form alternative and the error codes a route can answer', async () => {
    const doc = await served([FIXTURE_ROUTES]);
    const post = doc.paths['/test/echo']!.post;
    expect(post.requestBody.content['application/json'].schema.properties.plugin_id.type).toBe('string');
    expect(post.requestBody.content).toHaveProperty('application/x-www-form-urlencoded');
    expect(post.parameters).toEqual([expect.objectContaining({ name: 'limit', in: 'query', required: false })]);
    expect(post['x-error-codes']).toEqual(
      expect.arrayContaining(['VALIDATION_ERROR', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']),
    );
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '500', '503']));
  });
});
