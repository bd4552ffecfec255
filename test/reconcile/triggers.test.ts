import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { SCHEDULED_OPERATIONS } from '../../core/app/schedules.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { deferred } from '../support/queue.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';
import { repairOps, setup } from './helpers.ts';

const upstream = useUpstream();
const running: WebProcess[] = [];

afterEach(async () => {
  for (const w of running.splice(0)) await w.shutdown('test');
});

describe('when the reconciler runs', () => {
  it('is declared in hono.config.ts: every 5 minutes by default, MARQUEE_CRON_RECONCILE to change it', () => {
    expect(loadSettings({}).schedules.reconcile).toBe('*/5 * * * *');
    expect(loadSettings({ MARQUEE_CRON_RECONCILE: '*/10 * * * *' }).schedules.reconcile).toBe('*/10 * * * *');
    expect(() => loadSettings({ MARQUEE_CRON_RECONCILE: 'often' })).toThrow(/schedules\.reconcile/);
    expect(SCHEDULED_OPERATIONS.reconcile).toEqual({
      kind: 'reconcile',
      key: 'reconcile',
      params: { force: false },
      requestedBy: 'schedule',
    });
  });

  it('hand-added "fakeplugin": {"enabled": true} and 50 requests: no run per request, zero installs', async () => {
    const root = tempDir();
    const configDir = path.join(root, 'config');
    writeConfigFiles(configDir, { fakeplugin: { enabled: true } });
    const settings = loadSettings(
      {},
      {
        auth: 'off',
        port: 0,
        dataDir: path.join(root, 'data'),
        configDir,
        pluginsDir: path.join(root, 'plugins'),
        'registry.builtinDir': path.join(root, 'builtin'),
        'github.enrich': false,
        // Far from any test's clock: only the start-up run may happen here.
        'schedules.reconcile': '0 0 1 1 *',
        logLevel: 'silent',
      },
    );
    // The real lifecycle executors: an install would show in the operation history.
    const web = await startWebProcess({ settings, superviseDisplay: false });
    running.push(web);
    const paths = ['/api/v3/plugins/installed', '/api/v3/plugins/state', '/api/v3/health', '/api/v3/config/main'];
    for (let i = 0; i < 50; i++) expect((await fetch(`${web.url}${paths[i % paths.length]}`)).status).toBe(200);
    const unresolved = async () =>
      (await (await fetch(`${web.url}/api/v3/plugins/reconciliation-status`)).json()).data.unresolved;
    await expect.poll(unresolved, { timeout: 10_000 }).toEqual([expect.objectContaining({ plugin_id: 'fakeplugin' })]);
    await web.deps.reconciler.idle();

    // The start-up's run, and the one its repair asked for when it found no registry with the plugin.
    const runs = web.deps.queue.history({ kind: 'reconcile' }).map((o) => o.requestedBy);
    expect(runs.reverse()).toEqual(['system', 'reconciler']);
    expect(web.deps.queue.history({ kind: 'repair' })).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: 'PLUGIN_NOT_FOUND' }),
    ]);
    expect(web.deps.queue.history({ kind: 'install' })).toEqual([]);
  });

  it('never two runs at once: a run asked for while one runs follows it; force joins a waiting run and makes it forced', async () => {
    const { deps } = await setup({ config: { fakeplugin: { enabled: true } } });
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    // fakeplugin's repair fails (no registry has it): a forced run reads the registry again first.
    await deps.reconciler.run({ trigger: 'startup' });
    await deps.queue.runOnce();
    const asked = deferred();
    const answer = deferred();
    upstream.use(
      http.get(REGISTRY_URL, async () => {
        asked.resolve();
        await answer.promise;
        return new HttpResponse(smallRegistry([entry('other')]), { headers: { etag: '"v2"' } });
      }),
    );
    const first = deps.reconciler.run({ trigger: 'api', force: true });
    await asked.promise;
    expect(deps.reconciler.running()).toBe(true);
    const scheduled = deps.queue.enqueue(SCHEDULED_OPERATIONS.reconcile).operation;
    expect(scheduled).toMatchObject({ status: 'pending', params: { force: false } });
    const forcedA = deps.reconciler.run({ trigger: 'api', force: true });
    const forcedB = deps.reconciler.run({ trigger: 'api', force: true });
    expect(deps.queue.get(scheduled.id)).toMatchObject({ status: 'pending', params: { force: true } });
    answer.resolve();

    const [a, fa, fb] = await Promise.all([first, forcedA, forcedB]);
    expect(fa.run_id).toBe(scheduled.id);
    expect(fb.run_id).toBe(scheduled.id);
    expect(a.run_id).not.toBe(scheduled.id);
    expect(fa).toMatchObject({ forced: true, trigger: 'schedule', status: 'completed' });
    expect(deps.queue.history({ kind: 'reconcile', limit: 2 }).map((o) => [o.id, o.status])).toEqual([
      [scheduled.id, 'completed'],
      [a.run_id, 'completed'],
    ]);
  });

  it("a run a stopped process left under way is failed by the queue's recovery, and never looks alive", async () => {
    const { deps } = await setup({ sources: [] });
    const id = '00000000-0000-4000-8000-000000000001';
    deps.db.sqlite
      .prepare(
        `INSERT INTO operations (id, kind, key, params, status, attempts, max_attempts, run_at, lease_owner,
           lease_expires_at, requested_by, created_at, updated_at, started_at)
         VALUES (?, 'reconcile', 'reconcile', '{"force":false}', 'running', 1, 1, 1, 'gone-host/1/x', 1, 'system', 1, 1, 1)`,
      )
      .run(id);
    expect(deps.reconciler.running()).toBe(true);
    await deps.queue.runOnce();
    expect(deps.reconciler.running()).toBe(false);
    expect(deps.reconciler.latest()).toMatchObject({
      run_id: id,
      trigger: 'startup',
      status: 'failed',
      error: expect.stringMatching(/stopped/),
    });
    expect(repairOps(deps)).toEqual([]);
  });
});
