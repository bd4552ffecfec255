import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/registry');

/** The older registry (18 plugins, `versions[]`). */
export const legacyRegistry = () => fs.readFileSync(path.join(FIXTURES, 'ledmatrix-plugins.json'), 'utf8');
/** The monorepo registry (48 plugins, `plugin_path`). */
export const monorepoRegistry = () => fs.readFileSync(path.join(FIXTURES, 'ledmatrix-plugins-monorepo.json'), 'utf8');

export const REGISTRY_URL = 'https://registry.example.test/plugins.json';

/** A small registry whose repos are not on GitHub (so no enrichment targets). */
export function smallRegistry(plugins: Array<Record<string, unknown>>) {
  return JSON.stringify({ version: '1.0.0', last_updated: '2026-01-01', plugins });
}

export function entry(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `Plugin ${id}`,
    description: `The ${id} plugin`,
    author: 'Example',
    category: 'demo',
    tags: ['demo'],
    repo: `https://code.example.test/${id}`,
    branch: 'main',
    plugin_path: '',
    latest_version: '1.0.0',
    verified: false,
    ...extra,
  };
}

/**
 * A registry endpoint with an ETag: answers 304 to a matching If-None-Match, and counts what it
 * served. `body` may be changed between calls.
 */
export function registryEndpoint(url: string, initial: string) {
  const state = { body: initial, etag: '"v1"', served: 0, notModified: 0, conditional: [] as Array<string | null> };
  const handler = http.get(url, ({ request }) => {
    const inm = request.headers.get('if-none-match');
    state.conditional.push(inm);
    if (inm && inm === state.etag) {
      state.notModified++;
      return new HttpResponse(null, { status: 304, headers: { etag: state.etag } });
    }
    state.served++;
    return new HttpResponse(state.body, { headers: { 'content-type': 'application/json', etag: state.etag } });
  });
  return {
    handler,
    state,
    change(body: string, etag: string) {
      state.body = body;
      state.etag = etag;
    },
  };
}
