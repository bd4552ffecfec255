import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { storeRefreshExecutor } from '../../core/store/refresh-executor.ts';
import { testDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const OTHER = 'https://mirror.example.test/plugins.json';

const setup = () => testDeps({ 'registry.sources': [REGISTRY_URL, OTHER], 'github.enrich': false });
const signal = () => new AbortController().signal;

describe('store-refresh executor', () => {
  it('refreshes every source, reports progress per source and the version changes', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      registryEndpoint(OTHER, smallRegistry([entry('text')])).handler,
    );
    const progress: Array<[number, string]> = [];
    const r = await storeRefreshExecutor(deps, {}, signal(), (f, s) => progress.push([f, s]));
    expect(r.sources.map((s) => [s.source_id, s.outcome])).toEqual([
      ['builtin', 'scanned'],
      [REGISTRY_URL, 'updated'],
      [OTHER, 'updated'],
    ]);
    expect(r).toMatchObject({ plugin_count: 2, changed: true });
    expect(r.version_changes.map((c) => [c.source_id, c.id, c.to])).toEqual([
      [REGISTRY_URL, 'clock', '1.0.0'],
      [OTHER, 'text', '1.0.0'],
    ]);
    expect(progress[0]).toEqual([0, 'refreshing 3 sources']);
    expect(progress.at(-1)![0]).toBe(1);
  });

  it('one failing source is reported; all remote sources failing throws REGISTRY_UNAVAILABLE (transient)', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      http.get(OTHER, () => HttpResponse.error()),
    );
    const partial = await storeRefreshExecutor(deps, {}, signal(), () => undefined);
    expect(partial.sources.find((s) => s.source_id === OTHER)).toMatchObject({
      outcome: 'failed',
      error: { code: 'NETWORK_ERROR' },
    });
    upstream.use(http.get(REGISTRY_URL, () => HttpResponse.error()));
    await expect(storeRefreshExecutor(deps, {}, signal(), () => undefined)).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      transient: true,
    });
  });

  it('a source removed before the run is reported, not fatal; bad params are refused', async () => {
    const deps = setup();
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    const r = await storeRefreshExecutor(
      deps,
      { source_ids: [REGISTRY_URL, 'https://gone.example.test/p.json'] },
      signal(),
      () => undefined,
    );
    expect(r.sources.map((s) => s.outcome)).toEqual(['updated', 'invalid']);
    await expect(storeRefreshExecutor(deps, { force: 'yes' }, signal(), () => undefined)).rejects.toThrow();
  });

  it('an aborted run stops with the abort reason', async () => {
    const deps = setup();
    const ac = new AbortController();
    upstream.use(
      http.get(REGISTRY_URL, () => new Promise<never>(() => ac.abort(new Error('cancelled')))),
      http.get(OTHER, () => new Promise<never>(() => undefined)),
    );
    await expect(storeRefreshExecutor(deps, {}, ac.signal, () => undefined)).rejects.toThrow('cancelled');
  });
});
