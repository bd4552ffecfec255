import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/platform/events.ts';
import { runStoreRefresh, STORE_REFRESH_KIND } from '../../core/registry/refresh-executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { putPluginState } from '../../core/plugins/state/rows.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const OTHER = 'https://mirror.example.test/plugins.json';

const setup = () => testDeps({ 'registry.sources': [REGISTRY_URL, OTHER], 'github.enrich': false });
const run = (deps: TestDeps, params: unknown, signal = new AbortController().signal) =>
  runStoreRefresh(deps, params, { signal, progress: () => undefined });

function recordEvents(deps: TestDeps, type: string) {
  const seen: StreamEvent[] = [];
  deps.events.subscribe((e) => e.type === type && seen.push(e));
  return seen;
}

describe('store-refresh executor', () => {
  it('refreshes every source, reports progress per source and the version changes', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      registryEndpoint(OTHER, smallRegistry([entry('text')])).handler,
    );
    const progress: Array<[number, string]> = [];
    const r = await runStoreRefresh(
      deps,
      {},
      { signal: new AbortController().signal, progress: (f, s) => progress.push([f, s]) },
    );
    expect(r.sources.map((s) => [s.source_id, s.outcome])).toEqual([
      ['builtin', 'scanned'],
      [REGISTRY_URL, 'updated'],
      [OTHER, 'updated'],
    ]);
    expect(r).toMatchObject({ plugin_count: 2, changed: true, message: 'Plugin store refreshed: 2 plugins' });
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
    const partial = await run(deps, {});
    expect(partial.sources.find((s) => s.source_id === OTHER)).toMatchObject({
      outcome: 'failed',
      error: { code: 'NETWORK_ERROR' },
    });
    expect(partial.message).toBe('Plugin store refreshed: 1 plugin, 1 source unavailable');
    upstream.use(http.get(REGISTRY_URL, () => HttpResponse.error()));
    await expect(run(deps, {})).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', transient: true });
  });

  it('a source removed before the run is reported, not fatal; bad params are refused', async () => {
    const deps = setup();
    const r = await run(deps, { source: 'https://gone.example.test/p.json' });
    expect(r.sources).toEqual([
      expect.objectContaining({ source_id: 'https://gone.example.test/p.json', outcome: 'invalid' }),
    ]);
    await expect(run(deps, { source: '' })).rejects.toThrow();
    await expect(run(deps, { source_ids: [REGISTRY_URL] })).rejects.toThrow();
  });

  it('an aborted run stops with the abort reason', async () => {
    const deps = setup();
    const ac = new AbortController();
    upstream.use(
      http.get(REGISTRY_URL, () => new Promise<never>(() => ac.abort(new Error('cancelled')))),
      http.get(OTHER, () => new Promise<never>(() => undefined)),
    );
    await expect(run(deps, {}, ac.signal)).rejects.toThrow('cancelled');
  });
});

describe('store-refresh as a queue operation', () => {
  it('runs from the queue and is kept in the operation history with its result', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      registryEndpoint(OTHER, smallRegistry([entry('text')])).handler,
    );
    const { operation } = enqueueRefresh(deps, REGISTRY_URL, 'api');
    expect(operation).toMatchObject({
      kind: STORE_REFRESH_KIND,
      key: `store-refresh:${REGISTRY_URL}`,
      status: 'pending',
    });
    expect(await deps.queue.runOnce()).toBe(1);
    const [done] = deps.queue.history({ kind: STORE_REFRESH_KIND });
    expect(done).toMatchObject({ id: operation.id, status: 'completed', message: 'Plugin store refreshed: 1 plugin' });
    expect(done!.result).toMatchObject({ sources: [{ source_id: REGISTRY_URL, outcome: 'updated' }], plugin_count: 1 });
    expect(upstream.count(OTHER)).toBe(0);
  });

  it('a refresh of every source is tried once; each source it could not read gets a retry of its own', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      http.get(OTHER, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '90' } })),
    );
    const { operation } = enqueueRefresh(deps, undefined, 'api');
    expect(operation.maxAttempts).toBe(1);
    await deps.queue.runOnce();
    const done = deps.queue.get(operation.id)!;
    expect(done).toMatchObject({
      status: 'completed',
      message: 'Plugin store refreshed: 1 plugin, 1 source unavailable',
    });
    const retry = deps.queue.active(`store-refresh:${OTHER}`)[0]!;
    expect(retry).toMatchObject({ status: 'pending', params: { source: OTHER }, requestedBy: 'system' });
    expect(retry.runAt).toBe(deps.clock.now() + 90_000);
    expect((done.result as { sources: unknown[] }).sources[2]).toMatchObject({
      source_id: OTHER,
      outcome: 'failed',
      retry_after_ms: 90_000,
      next_attempt_at: new Date(retry.runAt).toISOString(),
    });
    expect(await deps.queue.runOnce()).toBe(0);
    deps.clock.advance(90_000);
    upstream.use(registryEndpoint(OTHER, smallRegistry([entry('text')])).handler);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(retry.id)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(deps.registry.catalog().entries.map((e) => e.id)).toEqual(['clock', 'text']);
  });

  it('a refresh of every source is keyed store-refresh:all; an identical pending request coalesces', async () => {
    const deps = setup();
    const a = enqueueRefresh(deps, undefined, 'api');
    const b = enqueueRefresh(deps, undefined, 'webhook');
    expect(a.operation.key).toBe('store-refresh:all');
    expect(b).toMatchObject({ coalesced: true, operation: { id: a.operation.id } });
  });

  it('publishes registry.changed for each source whose document changed, never for a 304', async () => {
    const deps = setup();
    const events = recordEvents(deps, 'registry.changed');
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler, registryEndpoint(OTHER, smallRegistry([entry('text')])).handler);
    enqueueRefresh(deps, undefined, 'api');
    await deps.queue.runOnce();
    expect(events.map((e) => e.data)).toEqual([
      { source: REGISTRY_URL, reason: 'refresh' },
      { source: OTHER, reason: 'refresh' },
    ]);

    events.length = 0;
    enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.runOnce();
    expect(ep.state.notModified).toBe(1);
    expect(events).toEqual([]);

    ep.change(smallRegistry([entry('clock', { latest_version: '1.1.0' })]), '"v2"');
    enqueueRefresh(deps, REGISTRY_URL, 'webhook');
    await deps.queue.runOnce();
    expect(events.map((e) => e.data)).toEqual([{ source: REGISTRY_URL, reason: 'webhook' }]);
  });

  it('a 200 carrying the same document again is no change', async () => {
    const deps = setup();
    const events = recordEvents(deps, 'registry.changed');
    const body = smallRegistry([entry('clock')]);
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } })),
    );
    enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.runOnce();
    enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.runOnce();
    const [second, first] = deps.queue.history({ kind: STORE_REFRESH_KIND });
    expect((first!.result as { sources: unknown[] }).sources[0]).toMatchObject({ outcome: 'updated', changed: true });
    expect((second!.result as { sources: unknown[] }).sources[0]).toMatchObject({
      outcome: 'not_modified',
      changed: false,
    });
    expect(events).toHaveLength(1);
  });

  it('recomputes update availability: the result lists it and the installed list shows it at once', async () => {
    const deps = setup();
    putPluginState(deps, {
      id: 'ledmatrix-clock',
      name: 'Clock',
      version: '1.0.0',
      source: 'registry',
      path: '/plugins/ledmatrix-clock',
      present: true,
      status: 'enabled',
    });
    const installed = () =>
      (JSON.parse(deps.pluginList.json()) as { plugins: Array<Record<string, unknown>> }).plugins[0];
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock', { plugin_path: 'ledmatrix-clock' })]));
    upstream.use(ep.handler, registryEndpoint(OTHER, smallRegistry([])).handler);
    enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.runOnce();
    expect(installed()).toMatchObject({ latest_version: '1.0.0', update_available: false });

    ep.change(smallRegistry([entry('clock', { plugin_path: 'ledmatrix-clock', latest_version: '1.2.0' })]), '"v2"');
    enqueueRefresh(deps, REGISTRY_URL, 'webhook');
    await deps.queue.runOnce();
    expect(deps.queue.history({ kind: STORE_REFRESH_KIND })[0]!.result).toMatchObject({
      updates_available: [
        { plugin_id: 'ledmatrix-clock', registry_id: 'clock', installed_version: '1.0.0', latest_version: '1.2.0' },
      ],
    });
    expect(installed()).toMatchObject({ latest_version: '1.2.0', update_available: true });
  });
});
