import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { freshCatalog, lookupFresh } from '../../core/registry/fresh.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { testDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const TTL = 15 * 60_000;
const OTHER = 'https://mirror.example.test/plugins.json';

/** Every refresh is an operation: the queue's runner runs, as in the web process. */
function setup(sources: string[]) {
  const deps = testDeps({ 'registry.sources': sources, 'github.enrich': false });
  deps.tasks.startAll();
  return deps;
}

describe('fresh or fail', () => {
  it('returns the catalog when every source is fresh, without calling upstream', async () => {
    const deps = setup([REGISTRY_URL]);
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    await refreshSource(deps, REGISTRY_URL);
    const c = await freshCatalog(deps);
    expect(c.entries.map((e) => e.id)).toEqual(['clock']);
    expect(upstream.count(REGISTRY_URL)).toBe(1);
  });

  it('revalidates an expired source before answering', async () => {
    const deps = setup([REGISTRY_URL]);
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);
    ep.change(smallRegistry([entry('clock'), entry('text')]), '"v2"');
    expect((await freshCatalog(deps)).entries.map((e) => e.id)).toEqual(['clock', 'text']);
  });

  it('REGISTRY_UNAVAILABLE instead of stale data, with Retry-After from the backoff', async () => {
    const deps = setup([REGISTRY_URL]);
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '120' } })),
    );
    const err = await freshCatalog(deps).catch((e) => e);
    expect(err).toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      status: 503,
      transient: true,
      headers: { 'Retry-After': '120' },
    });
    expect(err.context.sources).toEqual([expect.objectContaining({ source: REGISTRY_URL, code: 'API_ERROR' })]);
    // A source whose refresh waits for its retry is not called again: the answer is immediate.
    await expect(lookupFresh(deps, 'clock')).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect(upstream.count(REGISTRY_URL)).toBe(2);
  });

  it('lookupFresh: found in a fresh source, absent from all → not found, absent while one fails → unavailable', async () => {
    const deps = setup([REGISTRY_URL, OTHER]);
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      registryEndpoint(OTHER, smallRegistry([entry('ledmatrix-weather', { plugin_path: 'plugins/ledmatrix-weather' })]))
        .handler,
    );
    expect((await lookupFresh(deps, 'weather')).id).toBe('ledmatrix-weather');
    await expect(lookupFresh(deps, 'nothing')).rejects.toMatchObject({ code: 'PLUGIN_NOT_FOUND', transient: false });
    deps.clock.advance(TTL + 1);
    upstream.use(http.get(OTHER, () => HttpResponse.error()));
    await expect(lookupFresh(deps, 'nothing')).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect((await lookupFresh(deps, 'clock')).source).toBe(REGISTRY_URL);
  });

  it('an entry in a fresh source is withheld while a higher-ranked source that might shadow it is down', async () => {
    const deps = setup([REGISTRY_URL, OTHER]);
    upstream.use(
      http.get(REGISTRY_URL, () => HttpResponse.error()),
      registryEndpoint(OTHER, smallRegistry([entry('clock')])).handler,
    );
    await expect(lookupFresh(deps, 'clock')).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
  });
});
