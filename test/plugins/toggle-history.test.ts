import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { writePluginFolder } from '../support/zip.ts';

describe("the history's names for toggles", () => {
  it('lists toggles as enable and disable, as LEDMatrix does, and filters by either name', async () => {
    const deps = testDeps({}, { lifecycleExecutors: true });
    writePluginFolder(deps.settings.pluginsDir, { id: 'clock' });
    await discoverPlugins(deps);
    const { app } = await testApp(deps);
    deps.tasks.startAll();
    for (const enabled of [true, false, true]) {
      const res = await app.request('/api/v3/plugins/toggle', jsonInit('POST', { plugin_id: 'clock', enabled }));
      expect(res.status).toBe(200);
    }
    const history = async (q = '') =>
      (await (await app.request(`/api/v3/plugins/operation/history${q}`)).json()).data as Array<{
        operation_type: string;
      }>;
    expect((await history()).map((o) => o.operation_type)).toEqual(['enable', 'disable', 'enable']);
    expect((await history('?operation_type=disable')).map((o) => o.operation_type)).toEqual(['disable']);
    expect(await history('?operation_type=enable&limit=1')).toHaveLength(1);
    expect(await history('?operation_type=toggle')).toHaveLength(3);
  });
});
