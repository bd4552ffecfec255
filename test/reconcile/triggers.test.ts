import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { createReconciler } from '../../core/reconcile/service.ts';
import { SCHEDULED_HANDLERS } from '../../core/app/schedules.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { deferred } from '../support/queue.ts';
import { entry, REGISTRY_URL, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';
import { setup } from './helpers.ts';

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
    expect(SCHEDULED_HANDLERS.reconcile).toBeTypeOf('function');
  });

  it('hand-added "fakeplugin": {"enabled": true} and 50 requests: one pass (at start), zero installs', async () => {
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
    await web.deps.reconciler.idle();

    const runs = web.deps.db.sqlite.prepare('SELECT trigger FROM reconcile_runs').all();
    expect(runs).toEqual([{ trigger: 'startup' }]);
    expect(web.deps.queue.history({ kind: 'install' })).toEqual([]);
    const status = await (await fetch(`${web.url}/api/v3/plugins/reconciliation-status`)).json();
    expect(status.data.unresolved).toEqual([expect.objectContaining({ plugin_id: 'fakeplugin' })]);
  });

  it('never two runs at once: the schedule joins a run in progress; force queues one follow-up', async () => {
    const { deps } = await setup({ config: { clock: { enabled: true } } });
    const asked = deferred();
    const answer = deferred();
    upstream.use(
      http.get(REGISTRY_URL, async () => {
        asked.resolve();
        await answer.promise;
        return new HttpResponse(smallRegistry([entry('other')]), { headers: { etag: '"v1"' } });
      }),
    );
    const first = deps.reconciler.run({ trigger: 'startup' });
    await asked.promise;
    expect(deps.reconciler.running()).toBe(true);
    const scheduled = SCHEDULED_HANDLERS.reconcile(deps) as Promise<{ run_id: string }>;
    const forcedA = deps.reconciler.run({ trigger: 'api', force: true });
    const forcedB = deps.reconciler.run({ trigger: 'api', force: true });
    answer.resolve();

    const [a, s, fa, fb] = await Promise.all([first, scheduled, forcedA, forcedB]);
    expect(s.run_id).toBe(a.run_id);
    expect(fa.run_id).toBe(fb.run_id);
    expect(fa.run_id).not.toBe(a.run_id);
    expect(fa.forced).toBe(true);
    const rows = deps.db.sqlite.prepare('SELECT trigger, forced FROM reconcile_runs ORDER BY rowid').all();
    expect(rows).toEqual([
      { trigger: 'startup', forced: 0 },
      { trigger: 'api', forced: 1 },
    ]);
  });

  it('a run a stopped process left open is closed as interrupted at the next start', async () => {
    const { deps } = await setup({ sources: [] });
    deps.db.sqlite
      .prepare("INSERT INTO reconcile_runs (id, trigger, status, started_at) VALUES ('old', 'startup', 'running', 1)")
      .run();
    const again = createReconciler(deps);
    expect(again.latest()).toMatchObject({
      run_id: 'old',
      status: 'failed',
      error: expect.stringMatching(/interrupted/),
    });
    await again.close();
  });
});
