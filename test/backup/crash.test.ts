/**
 * A restore interrupted by kill -9 of the real web process at each step that changes what is
 * visible: after the restart the device holds the old state or the new, never a mix. Before the
 * server answers, the interrupted restore is undone (before its database commit) or finished
 * (after it); the queue then retries it from the kept upload, so it ends restored.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreDir, settleRestore } from '../../core/backup/recover.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { startFixtureServer, type LogLine } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';
import { fillDevice, placesOf, stateOf } from './fixture.ts';

/** A device in the old state on disk at `root`, and a backup of the new state. */
async function prepare() {
  const root = tempDir();
  const dirs = {
    dataDir: path.join(root, 'data'),
    configDir: path.join(root, 'config'),
    pluginsDir: path.join(root, 'plugin-repos'),
  };
  const device = testDeps(dirs);
  await fillDevice(device, 'old');
  const other = testDeps();
  await fillDevice(other, 'new');
  const { app } = await testApp(other);
  const zip = Buffer.from(await (await app.request('/api/v3/backup/export?include_secrets=true')).arrayBuffer());
  const env = {
    MARQUEE_DATA_DIR: dirs.dataDir,
    MARQUEE_CONFIG_DIR: dirs.configDir,
    MARQUEE_PLUGINS_DIR: dirs.pluginsDir,
  };
  return { root, env, zip, places: placesOf(device), old: stateOf(placesOf(device)), fresh: stateOf(placesOf(other)) };
}

async function finished(url: string, id: string) {
  for (;;) {
    const op = (await (await fetch(`${url}/api/v3/plugins/operation/${id}`)).json()).data;
    if (['completed', 'failed', 'cancelled'].includes(op.status)) return op;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends the backup to a web process that kills itself with SIGKILL when the restore reaches `step`. */
async function restoreKilledAt(d: Awaited<ReturnType<typeof prepare>>, step: string): Promise<string> {
  const server = await startFixtureServer({ args: ['--no-display', `--restore-crash-at=${step}`], env: d.env });
  const res = await fetch(`${server.url}/api/v3/backup/restore`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: new Uint8Array(d.zip),
  });
  const body = await res.json();
  if (!body.data) throw new Error(`the restore was not queued: ${JSON.stringify(body)}`);
  expect((await server.exited).signal).toBe('SIGKILL');
  return body.data.operation_id as string;
}

const STEPS: Array<[string, 'rolled-back' | 'rolled-forward']> = [
  ['restore:journaled', 'rolled-back'],
  ['aside:config/config.json', 'rolled-back'],
  ['in:config/config_secrets.json', 'rolled-back'],
  ['aside:uploads', 'rolled-back'],
  ['restore:moved', 'rolled-back'],
  ['restore:recorded', 'rolled-forward'],
];

describe('a restore killed at each step', () => {
  it.each(STEPS)(
    'killed at %s: %s at restart, then restored by the retry',
    async (step, settled) => {
      const d = await prepare();
      const opId = await restoreKilledAt(d, step);
      // What the web process does first when it starts again, done here so the state can be read
      // before the queue retries the restore: the old state or the new, whole.
      expect(settleRestore(d.places.sqlite, restoreDir(d.env.MARQUEE_DATA_DIR, opId))).toBe(settled);
      expect(stateOf(d.places)).toEqual(settled === 'rolled-back' ? d.old : d.fresh);

      const second = await startFixtureServer({ args: ['--no-display'], env: d.env });
      const op = await finished(second.url, opId);
      expect(op.status).toBe('completed');
      expect(stateOf(d.places)).toEqual(d.fresh);
    },
    60_000,
  );

  it('is settled by the restarted web process before it answers', async () => {
    const d = await prepare();
    const opId = await restoreKilledAt(d, 'in:uploads');
    const second = await startFixtureServer({ args: ['--no-display'], env: d.env });
    const settledAt = second.logs.findIndex((l: LogLine) => l.msg === 'backup restore settled after a crash');
    expect(second.logs[settledAt]).toMatchObject({ op_id: opId, outcome: 'rolled-back' });
    expect(settledAt).toBeLessThan(second.logs.findIndex((l: LogLine) => l.msg === 'listening'));
    expect((await finished(second.url, opId)).status).toBe('completed');
    expect(stateOf(d.places)).toEqual(d.fresh);
  }, 60_000);
});
