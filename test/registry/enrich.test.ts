import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { listPlugins } from '../../core/registry/browse.ts';
import { enrichGithub } from '../../core/registry/github/enrich.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { testDeps } from '../support/deps.ts';
import { API, githubApi, writeSecrets } from '../support/github.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const MONO = 'https://github.com/acme/plugins';

const registry = smallRegistry([
  entry('clock', { repo: MONO, plugin_path: 'plugins/clock' }),
  entry('weather', { repo: MONO, plugin_path: 'plugins/ledmatrix-weather' }),
  entry('text', { repo: MONO, plugin_path: 'plugins/text' }),
  entry('solo', { repo: 'https://github.com/someone/solo-plugin', branch: 'master' }),
  entry('elsewhere'),
]);

async function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps({ 'registry.sources': [REGISTRY_URL], ...overrides });
  upstream.use(registryEndpoint(REGISTRY_URL, registry).handler);
  await refreshSource(deps, REGISTRY_URL);
  return deps;
}

describe('GitHub enrichment', () => {
  it('fetches each repository once and the last commit per plugin folder; the list shows them', async () => {
    const deps = await setup();
    const gh = githubApi();
    upstream.use(...gh.handlers);
    const r = await enrichGithub(deps);
    expect(r).toMatchObject({ targets: 6, due: 6, fetched: 6, failed: 0, stopped: null });
    expect(gh.seen.paths.sort()).toEqual([
      '/repos/acme/plugins',
      '/repos/acme/plugins/commits?per_page=1&sha=main&path=plugins%2Fclock',
      '/repos/acme/plugins/commits?per_page=1&sha=main&path=plugins%2Fledmatrix-weather',
      '/repos/acme/plugins/commits?per_page=1&sha=main&path=plugins%2Ftext',
      '/repos/someone/solo-plugin',
      '/repos/someone/solo-plugin/commits?per_page=1&sha=master',
    ]);
    expect(gh.seen.auth.every((a) => a === null)).toBe(true);
    const weather = (await listPlugins(deps, {})).plugins.find((p) => p.id === 'weather')!;
    expect(weather).toMatchObject({
      stars: 70,
      default_branch: 'main',
      last_commit: 'abcdef1',
      last_commit_message: 'Update plugins/ledmatrix-weather',
      last_commit_author: 'Dev',
      last_updated: '2026-02-03',
      last_updated_iso: '2026-02-03T04:05:06.000Z',
    });
    expect((await listPlugins(deps, {})).plugins.find((p) => p.id === 'elsewhere')!.last_commit).toBeNull();
  });

  it('keeps the facts across runs: nothing is due until the TTL passes, then conditional requests', async () => {
    const deps = await setup();
    const gh = githubApi();
    upstream.use(...gh.handlers);
    await enrichGithub(deps);
    expect((await enrichGithub(deps)).due).toBe(0);
    deps.clock.advance(deps.settings.registry.githubTtlMs + 1);
    const again = await enrichGithub(deps);
    expect(again).toMatchObject({ due: 6, not_modified: 6, fetched: 0 });
    expect(gh.seen.notModified).toBe(6);
    expect((await listPlugins(deps, {})).plugins[0]!.stars).toBe(70);
  });

  it('never has more calls in flight than the concurrency setting', async () => {
    const deps = await setup({ 'registry.githubConcurrency': 2 });
    const gh = githubApi({ latencyMs: 15 });
    upstream.use(...gh.handlers);
    await enrichGithub(deps);
    expect(gh.seen.paths).toHaveLength(6);
    expect(gh.seen.maxInflight).toBe(2);
  });

  it('stops at a 429 with Retry-After and makes no call until that time has passed', async () => {
    const deps = await setup({ 'registry.githubConcurrency': 1 });
    upstream.use(
      http.get(`${API}/*`, () => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '300' } })),
    );
    const first = await enrichGithub(deps);
    expect(first).toMatchObject({ failed: 1, fetched: 0 });
    expect(first.stopped).toContain('GitHub answered 429');
    expect(upstream.count(API)).toBe(1);
    expect(deps.registry.github.blockedUntil).toBe(deps.clock.now() + 300_000);

    deps.clock.advance(299_000);
    expect((await enrichGithub(deps)).stopped).toContain('GitHub answered 429');
    expect(upstream.count(API)).toBe(1);

    deps.clock.advance(2_000);
    const gh = githubApi();
    upstream.use(...gh.handlers);
    // The refused target's own backoff equals the Retry-After, so all six are fetched now.
    expect(await enrichGithub(deps)).toMatchObject({ fetched: 6, stopped: null });
  });

  it("stops when GitHub's remaining budget reaches the reserve, until the reset", async () => {
    let remaining = 8;
    const deps = await setup({ 'registry.githubConcurrency': 1 });
    const resetAt = deps.clock.now() + 1_800_000;
    const gh = githubApi({ remaining: () => --remaining, resetAt });
    upstream.use(...gh.handlers);
    const r = await enrichGithub(deps);
    expect(r.fetched).toBe(3);
    expect(r.stopped).toContain('rate limit nearly used (5 left)');
    expect(deps.registry.github).toMatchObject({ limit: 60, remaining: 5, resetAt: Math.floor(resetAt / 1000) * 1000 });
  });

  it('sends the token from the secrets file, and ignores a placeholder', async () => {
    const deps = await setup();
    const gh = githubApi();
    upstream.use(...gh.handlers);
    writeSecrets(deps.settings.configDir, { token: 'YOUR_GITHUB_PERSONAL_ACCESS_TOKEN' });
    await enrichGithub(deps);
    expect(gh.seen.auth.every((a) => a === null)).toBe(true);
    writeSecrets(deps.settings.configDir, { api_token: 'ghp_test123' });
    deps.clock.advance(deps.settings.registry.githubTtlMs + 1);
    await enrichGithub(deps);
    expect(gh.seen.auth.slice(6).every((a) => a === 'Bearer ghp_test123')).toBe(true);
    expect(deps.registry.github.tokenStatus).toBe('valid');
  });

  it('a refused token stops the run and is reported', async () => {
    const deps = await setup({ 'registry.githubConcurrency': 1 });
    writeSecrets(deps.settings.configDir, { token: 'ghp_revoked' });
    upstream.use(http.get(`${API}/*`, () => HttpResponse.json({ message: 'Bad credentials' }, { status: 401 })));
    const r = await enrichGithub(deps);
    expect(r).toMatchObject({ failed: 1, stopped: 'GitHub refused the token' });
    expect(deps.registry.github.tokenStatus).toBe('invalid');
  });
});
