import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { uninstallPlugin } from '../../core/plugins/uninstall.ts';
import { fileConfigPort } from '../support/file-config-port.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { writePluginFolder } from '../support/zip.ts';
import { repairOps, setup } from './helpers.ts';

const upstream = useUpstream();

/** `weather` configured and known to plugin_state, its folder since deleted by hand. */
async function weatherGone() {
  const s = await setup({
    config: { weather: { enabled: true, city: 'Oslo' } },
    folders: (dir) => writePluginFolder(dir, { id: 'weather' }),
  });
  fs.rmSync(path.join(s.deps.settings.pluginsDir, 'weather'), { recursive: true });
  s.installer.publish({ id: 'weather' });
  return s;
}

describe('uninstall racing a repair', () => {
  it('an uninstall while the repair waits for the registry: the plugin is not reinstalled', async () => {
    const { deps, installer } = await weatherGone();
    const asked = deferred();
    const answer = deferred();
    upstream.use(
      http.get(REGISTRY_URL, async () => {
        asked.resolve();
        await answer.promise;
        return new HttpResponse(smallRegistry([entry('weather')]), { headers: { etag: '"v1"' } });
      }),
    );

    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.fixed.map((f) => f.type)).toEqual(['plugin_state_mismatch', 'plugin_missing_on_disk']);
    const repairing = deps.queue.runOnce();
    await asked.promise;
    await uninstallPlugin(deps, fileConfigPort(deps.settings.configDir), { opId: 'u1', pluginId: 'weather' });
    answer.resolve();
    await repairing;

    // Level-based: the repair looked again once the registry answered, and found nothing to do.
    expect(repairOps(deps)).toEqual([
      expect.objectContaining({ status: 'completed', message: 'Nothing to repair: weather was uninstalled' }),
    ]);
    expect(installer.attempts).toEqual([]);
    expect(isTombstoned(deps, 'weather')).toBe(true);
    expect(getPluginState(deps, 'weather')).toMatchObject({ status: 'uninstalled' });
    const next = await deps.reconciler.run({ trigger: 'schedule' });
    expect(next.inconsistencies_found).toBe(0);
    expect(repairOps(deps)).toHaveLength(1);
  });

  it('an uninstall operation pending for the plugin: no repair is queued behind it', async () => {
    const { deps } = await weatherGone();
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('weather')])).handler);
    deps.queue.register(recordingExecutor('uninstall'));
    const uninstall = deps.queue.enqueue({ kind: 'uninstall', key: 'weather', params: { plugin_id: 'weather' } });

    const summary = await deps.reconciler.run({ trigger: 'schedule' });
    expect(summary.deferred).toEqual([
      expect.objectContaining({ plugin_id: 'weather', action: expect.stringContaining(uninstall.operation.id) }),
    ]);
    expect(repairOps(deps)).toEqual([]);
  });
});
