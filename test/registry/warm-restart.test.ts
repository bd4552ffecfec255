import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPlugins } from '../../core/registry/browse.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { testDeps } from '../support/deps.ts';
import { monorepoRegistry, REGISTRY_URL, registryEndpoint } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();

describe('restart with a warm cache', () => {
  it('answers a browse from the database with no upstream call', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const settings = { dataDir, 'registry.sources': [REGISTRY_URL], 'github.enrich': false };
    const before = testDeps(settings);
    upstream.use(registryEndpoint(REGISTRY_URL, monorepoRegistry()).handler);
    await refreshSource(before, REGISTRY_URL);
    const fetchedAt = before.registry.source(REGISTRY_URL)!.row!.fetchedAt;
    before.db.close();
    upstream.calls.length = 0;

    const after = testDeps(settings);
    after.clock.set(fetchedAt! + 60_000);
    const list = await listPlugins(after, {});
    expect(list.plugins).toHaveLength(48);
    expect(list.metadata).toMatchObject({ stale: false, fetched_at: new Date(fetchedAt!).toISOString() });
    expect(upstream.calls).toEqual([]);
  });

  it('after a restart past the TTL: served at once from disk, revalidated with a conditional request', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const settings = { dataDir, 'registry.sources': [REGISTRY_URL], 'github.enrich': false };
    const before = testDeps(settings);
    const ep = registryEndpoint(REGISTRY_URL, monorepoRegistry());
    upstream.use(ep.handler);
    await refreshSource(before, REGISTRY_URL);
    before.db.close();

    const after = testDeps(settings);
    after.clock.advance(16 * 60_000);
    const list = await listPlugins(after, {});
    expect(list.plugins).toHaveLength(48);
    expect(list.metadata.stale).toBe(true);
    expect(await after.queue.runOnce()).toBe(1);
    expect(ep.state.conditional).toEqual([null, '"v1"']);
    expect(ep.state.notModified).toBe(1);
  });
});
