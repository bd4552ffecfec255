import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/platform/events.ts';
import { putPluginState } from '../../core/plugins/state/rows.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { STORE_REFRESH_KIND } from '../../core/registry/refresh-executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { scheduledRegistryRefresh, STORE_REVALIDATE_KIND } from '../../core/registry/scheduled.ts';
import { registerSchedules } from '../../core/app/schedules.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const TTL = 15 * 60_000;
const FAILING = 'https://down.example.test/plugins.json';
const NEVER = 'https://new.example.test/plugins.json';
const BAD = 'http://plain.example.test/plugins.json';

const refreshes = (deps: TestDeps) => deps.queue.history({ kind: STORE_REFRESH_KIND });

describe('scheduled registry refresh', () => {
  it('queues one operation per due source: expired or never fetched; not fresh, backing off or invalid', async () => {
    const deps = testDeps({ 'registry.sources': [REGISTRY_URL, FAILING, NEVER, BAD], 'github.enrich': false });
    upstream.use(
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler,
      http.get(FAILING, () => HttpResponse.error()),
    );
    await refreshSource(deps, REGISTRY_URL);
    const failing = enqueueRefresh(deps, FAILING, 'api').operation;
    await deps.queue.runOnce();
    expect(deps.queue.get(failing.id)).toMatchObject({ status: 'pending', attempts: 1 });

    const fresh = await scheduledRegistryRefresh(deps);
    expect(fresh.queued.map((q) => q.source)).toEqual([NEVER]);
    expect(refreshes(deps)[0]).toMatchObject({ key: `store-refresh:${NEVER}`, requestedBy: 'schedule' });

    // Past the TTL, and past the failing source's first retry wait (30 s): its retry answers for it.
    deps.clock.advance(TTL + 1);
    const later = await scheduledRegistryRefresh(deps);
    expect(later.queued.map((q) => q.source)).toEqual([REGISTRY_URL, FAILING, NEVER]);
    // The pending refreshes are the same operations, not second ones.
    expect(later.queued[1]!.operation_id).toBe(failing.id);
    expect(later.queued[2]!.operation_id).toBe(fresh.queued[0]!.operation_id);
    expect(refreshes(deps)).toHaveLength(3);
    expect(upstream.calls).toEqual([`GET ${REGISTRY_URL}`, `GET ${FAILING}`]);
  });

  it('does not queue behind a refresh of all sources that is already pending', async () => {
    const deps = testDeps({ 'registry.sources': [REGISTRY_URL], 'github.enrich': false });
    deps.queue.enqueue({ kind: STORE_REFRESH_KIND, key: 'store-refresh:all', params: {}, requestedBy: 'api' });
    const r = await scheduledRegistryRefresh(deps);
    expect(r.queued).toEqual([{ source: REGISTRY_URL, operation_id: refreshes(deps)[0]!.id }]);
    expect(refreshes(deps)).toHaveLength(1);
  });

  it('rescans first-party plugins without a refresh operation; a change is announced and shows in the installed list', async () => {
    const dir = tempDir();
    const deps = testDeps({ 'registry.builtinDir': dir });
    const manifest = (version: string) =>
      fs.writeFileSync(
        path.join(dir, 'clock', 'manifest.json'),
        JSON.stringify({ id: 'clock', name: 'Clock', version }),
      );
    fs.mkdirSync(path.join(dir, 'clock'));
    manifest('1.0.0');
    deps.registry.load();
    putPluginState(deps, {
      id: 'clock',
      name: 'Clock',
      version: '1.0.0',
      source: 'builtin',
      path: path.join(dir, 'clock'),
      present: true,
      status: 'enabled',
    });
    const events: StreamEvent[] = [];
    deps.events.subscribe((e) => e.type === 'registry.changed' && events.push(e));
    const installed = () =>
      (JSON.parse(deps.pluginList.json()) as { plugins: Array<Record<string, unknown>> }).plugins[0];
    expect(installed()).toMatchObject({ latest_version: '1.0.0', update_available: false });

    expect(await scheduledRegistryRefresh(deps)).toMatchObject({ builtin: 'scanned', queued: [] });
    expect(events).toEqual([]);
    manifest('1.1.0');
    await scheduledRegistryRefresh(deps);
    expect(events.map((e) => e.data)).toEqual([{ source: 'builtin', reason: 'refresh' }]);
    // Nothing was written to the database: the catalog's generation alone invalidates the list.
    expect(installed()).toMatchObject({ latest_version: '1.1.0', update_available: true });
    expect(refreshes(deps)).toEqual([]);
  });

  it('the registryRefresh schedule enqueues a store-revalidate operation, which queues the due sources', async () => {
    const deps = testDeps({ 'registry.sources': [NEVER], 'github.enrich': false });
    registerSchedules(deps);
    const fired = deps.scheduler.fire('registryRefresh')!;
    expect(fired.kind).toBe(STORE_REVALIDATE_KIND);
    await deps.queue.runOnce({ kinds: [STORE_REVALIDATE_KIND] });
    const done = deps.queue.get(fired.id)!;
    expect(done).toMatchObject({ status: 'completed', requestedBy: 'schedule' });
    expect(done.result).toMatchObject({ builtin: 'scanned', queued: [{ source: NEVER }] });
    expect(refreshes(deps)).toEqual([expect.objectContaining({ key: `store-refresh:${NEVER}`, status: 'pending' })]);
  });
});
