import { describe, expect, it } from 'vitest';
import { readRow } from '../../core/registry/cache.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { sourceKey } from '../../core/registry/sources.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const PATH = '/api/v3/plugins/saved-repositories';

async function setup() {
  return testApp(testDeps({ 'registry.sources': [REGISTRY_URL], 'github.enrich': false }));
}

describe('saved repositories', () => {
  it('adds a repository normalised, lists it, and makes it a registry source', async () => {
    const { app, deps } = await setup();
    expect((await (await app.request(PATH)).json()).data).toEqual({ repositories: [] });
    const res = await app.request(PATH, jsonInit('POST', { repo_url: ' https://GitHub.com/Acme/Registry.git/ ' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'success', message: 'Repository saved successfully' });
    expect(body.data.repositories).toEqual([
      { url: 'https://github.com/acme/registry', name: 'registry', type: 'registry' },
    ]);
    expect(deps.registry.source('https://github.com/acme/registry')).toMatchObject({
      def: { kind: 'github', origin: 'saved' },
    });
    await app.request(PATH, jsonInit('POST', { repo_url: 'https://mirror.example.test/p.json', name: 'Mirror' }));
    expect((await (await app.request(PATH)).json()).data.repositories.map((r: { name: string }) => r.name)).toEqual([
      'registry',
      'Mirror',
    ]);
  });

  it.each([
    'https://github.com/acme/registry',
    'https://github.com/ACME/registry/',
    'github.com/acme/registry.git',
    'https://www.github.com/acme/registry#readme',
  ])('refuses %s as a duplicate with 409', async (again) => {
    const { app } = await setup();
    await app.request(PATH, jsonInit('POST', { repo_url: 'https://github.com/acme/registry' }));
    const res = await app.request(PATH, jsonInit('POST', { repo_url: again }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error_code: 'REPOSITORY_ALREADY_SAVED',
      context: { repo_url: 'https://github.com/acme/registry' },
    });
    expect((await (await app.request(PATH)).json()).data.repositories).toHaveLength(1);
  });

  it('refuses a source already configured in settings with 409', async () => {
    const { app } = await setup();
    const res = await app.request(PATH, jsonInit('POST', { repo_url: `${REGISTRY_URL}/` }));
    expect(res.status).toBe(409);
  });

  it.each([
    [
      { repo_url: 'http://registry.example.test/plugins.json' },
      'repo_url',
      'Plain http is only allowed to this machine',
    ],
    [{ repo_url: 'ftp://registry.example.test/plugins.json' }, 'repo_url', 'Protocol ftp: is not allowed'],
    [{ repo_url: 'https://me:pw@registry.example.test/p.json' }, 'repo_url', 'credentials'],
    [{ repo_url: '' }, 'repo_url', 'an https URL'],
    [{ repo_url: 42 }, 'repo_url', 'an https URL'],
    [{ url: 'https://registry.example.test/p.json' }, 'repo_url', '"received":"nothing"'],
    [{ repo_url: 'https://registry.example.test/p.json', name: 'x'.repeat(101) }, 'name', '<=100'],
  ])('refuses %j with 400 naming the field, and changes nothing', async (body, field, text) => {
    const { app } = await setup();
    const res = await app.request(PATH, jsonInit('POST', body));
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err.error_code).toBe('VALIDATION_ERROR');
    expect(err.context.problems[0]).toMatchObject({ in: 'body', field });
    expect(JSON.stringify(err.context.problems[0])).toContain(text);
    expect((await (await app.request(PATH)).json()).data.repositories).toEqual([]);
  });

  it('plain http is accepted on loopback', async () => {
    const { app } = await setup();
    const res = await app.request(PATH, jsonInit('POST', { repo_url: 'http://127.0.0.1:8080/plugins.json' }));
    expect(res.status).toBe(200);
  });

  it('removes a repository and its cached document; an unknown one is a 404', async () => {
    const { app, deps } = await setup();
    const url = 'https://mirror.example.test/plugins.json';
    await app.request(PATH, jsonInit('POST', { repo_url: url }));
    upstream.use(registryEndpoint(url, smallRegistry([entry('mirror-only')])).handler);
    await refreshSource(deps, url);
    expect(deps.registry.catalog().byId.has('mirror-only')).toBe(true);

    const missing = await app.request(PATH, jsonInit('DELETE', { repo_url: 'https://other.example.test/p.json' }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error_code: 'REPOSITORY_NOT_FOUND', context: { saved: [url] } });

    const res = await app.request(PATH, jsonInit('DELETE', { repo_url: `${url}/` }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ message: 'Repository removed successfully', data: { repositories: [] } });
    expect(readRow(deps.db, sourceKey(url))).toBeNull();
    expect(deps.registry.source(url)).toBeUndefined();
    expect(deps.registry.catalog().byId.has('mirror-only')).toBe(false);
  });

  it('a DELETE without a body is a 400, not a removal', async () => {
    const { app } = await setup();
    await app.request(PATH, jsonInit('POST', { repo_url: 'https://mirror.example.test/p.json' }));
    const res = await app.request(PATH, { method: 'DELETE' });
    expect(res.status).toBe(400);
    expect((await (await app.request(PATH)).json()).data.repositories).toHaveLength(1);
  });
});
