import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerEntry } from '../support/process.ts';
import { sseReader } from '../support/sse.ts';
import { tempDir } from '../support/temp.ts';

const ENTRY = 'test/fixtures/queue/server.ts';

function folders() {
  const root = tempDir();
  const markers = path.join(root, 'markers');
  fs.mkdirSync(markers);
  const env = {
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
    MARQUEE_LOG_LEVEL: 'info',
    MARQUEE_QUEUE_LEASE_MS: '1000',
    MARQUEE_QUEUE_POLL_MS: '100',
  };
  return { markers, env };
}

const getOp = async (child: { url: string }, id: string) => {
  const res = await fetch(`${child.url}/api/v3/plugins/operation/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()).data as Record<string, unknown>;
};

/** Resolves once each operation is finished, watching the child's event stream (no polling). */
async function finished(child: { url: string }, ids: string[]) {
  const stream = sseReader(await fetch(`${child.url}/api/v3/events`));
  await stream.next(); // ready: subscribed, so nothing after this point is missed
  const left = new Set<string>();
  for (const id of ids)
    if (!['completed', 'failed', 'cancelled'].includes(String((await getOp(child, id)).status))) left.add(id);
  while (left.size) {
    const m = await stream.until((e) => e.event === 'operation.finished');
    left.delete(JSON.parse(m.data).operation_id);
  }
  await stream.close();
}

describe('kill -9 while operations run', () => {
  it('after a restart each operation finishes exactly once, or fails with its attempts used up', async () => {
    const { markers, env } = folders();
    fs.writeFileSync(path.join(markers, 'hold'), '');
    const first = await startServerEntry(ENTRY, env);
    const events = sseReader(await fetch(`${first.url}/api/v3/events`));
    await events.next();

    const enqueue = async (key: string, maxAttempts: number) => {
      const res = await fetch(`${first.url}/test/operations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'marker', key, params: { dir: markers }, max_attempts: maxAttempts, wait_ms: 0 }),
      });
      expect(res.status).toBe(202);
      return (await res.json()).data.operation_id as string;
    };
    const resumable = await enqueue('resumable', 3);
    const lastTry = await enqueue('last-try', 1);
    const holding = new Set<string>();
    while (holding.size < 2) {
      const m = await events.until((e) => e.event === 'operation.progress' && JSON.parse(e.data).stage === 'holding');
      holding.add(JSON.parse(m.data).operation_id);
    }
    expect(await getOp(first, resumable)).toMatchObject({ status: 'running', attempts: 1 });
    expect(await getOp(first, lastTry)).toMatchObject({ status: 'running', attempts: 1 });

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const file = (id: string, name: string) => path.join(markers, `${id}.${name}`);
    expect(fs.existsSync(file(resumable, 'partial'))).toBe(true);
    expect(fs.existsSync(file(resumable, 'done'))).toBe(false);
    fs.rmSync(path.join(markers, 'hold'));

    const second = await startServerEntry(ENTRY, env);
    await finished(second, [resumable, lastTry]);

    expect(await getOp(second, resumable)).toMatchObject({
      status: 'completed',
      attempts: 2,
      result: { attempt: 2, message: 'Marker written' },
    });
    expect(fs.readFileSync(file(resumable, 'done'), 'utf8').trim().split('\n')).toEqual([
      `attempt 2 pid ${second.pid}`,
    ]);
    expect(await getOp(second, lastTry)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'OPERATION_INTERRUPTED' },
    });
    expect(fs.existsSync(file(lastTry, 'done'))).toBe(false);
    expect(fs.existsSync(file(lastTry, 'attempt-2'))).toBe(false);
    // Each interrupted attempt was cleaned by its kind's recover hook; nothing partial is left.
    for (const id of [resumable, lastTry]) {
      expect(fs.readFileSync(file(id, 'recovered'), 'utf8')).toBe('after attempt 1\n');
      expect(fs.existsSync(file(id, 'partial'))).toBe(false);
    }
    expect(fs.existsSync(file(resumable, 'attempt-1'))).toBe(true);
    expect(fs.existsSync(file(resumable, 'attempt-2'))).toBe(true);
    expect(second.logs.filter((l) => l.msg === 'recovered interrupted operation')).toHaveLength(2);
  });
});
