import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import type { Executor } from '../../core/queue/index.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { deferred, recordingExecutor, untilAborted } from '../support/queue.ts';
import { tempDir } from '../support/temp.ts';

const open: WebProcess[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) if (w.deps.db.sqlite.open) await w.shutdown('test over');
});

async function start(root: string, executors: Executor[], overrides: Record<string, unknown> = {}) {
  const settings = loadSettings(
    {},
    {
      auth: 'off',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugins'),
      logLevel: 'silent',
      ...overrides,
    },
  );
  const web = await startWebProcess({ settings, superviseDisplay: false, extraExecutors: executors });
  open.push(web);
  return web;
}

const opOver = async (web: WebProcess, id: string) =>
  (await (await fetch(`${web.url}/api/v3/plugins/operation/${id}`)).json()).data;

describe('shutdown and the queue', () => {
  it('phase 1 lets a running operation finish within the grace period', async () => {
    const root = tempDir();
    const started = deferred();
    const release = deferred();
    const slow = recordingExecutor('slow', async ({ signal }) => {
      started.resolve();
      await Promise.race([release.promise, untilAborted(signal)]);
      return { finished: 'normally' };
    });
    const web = await start(root, [slow], { 'shutdown.graceMs': 10_000 });
    const { operation } = web.deps.queue.enqueue({ kind: 'slow', key: 'a' });
    await started.promise;
    let stopped = false;
    const stopping = web.shutdown('test').then(() => (stopped = true));
    // Draining: new mutations are refused while the running operation may finish.
    const refused = await fetch(`${web.url}/api/v3/plugins/operation/${operation.id}/cancel`, { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(stopped).toBe(false);
    expect(web.deps.queue.get(operation.id)!.status).toBe('running');
    release.resolve();
    await stopping;

    const again = await start(root, [recordingExecutor('slow')]);
    expect(await opOver(again, operation.id)).toMatchObject({
      status: 'completed',
      attempts: 1,
      result: { finished: 'normally' },
    });
  });

  it('phase 2 aborts what still runs and leaves it pending, resumed by the next start', async () => {
    const root = tempDir();
    const started = deferred();
    let rolledBack = false;
    const stuck = recordingExecutor('slow', async ({ signal }) => {
      started.resolve();
      try {
        await untilAborted(signal);
      } finally {
        rolledBack = true;
      }
    });
    const web = await start(root, [stuck], { 'shutdown.graceMs': 50, 'shutdown.abortMs': 2_000 });
    const { operation } = web.deps.queue.enqueue({ kind: 'slow', key: 'a' });
    await started.promise;
    await web.shutdown('test');
    expect(rolledBack).toBe(true);

    const done = deferred();
    const resumed = recordingExecutor('slow', async () => {
      done.resolve();
      return { resumed: true };
    });
    const again = await start(root, [resumed]);
    await done.promise;
    await again.deps.queue.waitFor(operation.id, 5_000);
    // The attempt cut short by the shutdown was given back: this is attempt 1 again, not 2.
    expect(resumed.calls.map((c) => c.attempt)).toEqual([1]);
    expect(await opOver(again, operation.id)).toMatchObject({ status: 'completed', result: { resumed: true } });
  });
});
