import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../db/sqlite.ts';
import { line, spawnNode, startFixtureServer, type LogLine } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

function readDisplayHeartbeat(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return db.prepare("SELECT pid, beat_at AS beatAt FROM heartbeats WHERE process = 'display'").get() as
      { pid: number; beatAt: number } | undefined;
  } finally {
    db.close();
  }
}

async function health(url: string) {
  const res = await fetch(`${url}/api/v3/health`);
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

describe('supervision in the real web process', () => {
  it('restarts the display process after it is killed: new pid, fresh heartbeat, display check ok', async () => {
    const server = await startFixtureServer();
    const first = await server.waitForLog(line.childStarted);
    await server.waitForLog(line.displayStarted);
    expect(readDisplayHeartbeat(server.dataDir)?.pid).toBe(first.pid);

    const killedAt = Date.now();
    process.kill(Number(first.pid), 'SIGKILL');
    const crash = await server.waitForLog((l) => l.msg === 'task crashed' && l.task === 'display');
    expect(String(crash.error)).toContain('signal SIGKILL');
    const second = await server.waitForLog(line.childStarted, { count: 2 });
    await server.waitForLog(line.displayStarted, { count: 2 });

    expect(second.pid).not.toBe(first.pid);
    const beat = readDisplayHeartbeat(server.dataDir);
    expect(beat?.pid).toBe(second.pid);
    expect(beat!.beatAt).toBeGreaterThanOrEqual(killedAt);
    const report = await health(server.url);
    expect(report.checks.display).toMatchObject({ status: 'ok', pid: second.pid });
    expect(report.checks.tasks.tasks).toContainEqual(expect.objectContaining({ name: 'display', restarts: 1 }));
  });

  it('restarts a task that keeps throwing with growing gaps, then reports it failed in health', async () => {
    const baseMs = 40;
    const server = await startFixtureServer({
      args: ['--no-display', '--failing-task', `--task-backoff-ms=${baseMs}`],
    });
    const isCrash = (l: LogLine) => l.msg === 'task crashed' && l.task === 'fixture-failing';
    await server.waitForLog((l) => isCrash(l) && l.failed === true);

    const crashes = server.logs.filter(isCrash).slice(0, 4);
    expect(crashes.map((c) => c.restarts)).toEqual([1, 2, 3, 4]);
    expect(crashes.map((c) => c.delay_ms)).toEqual([baseMs, baseMs * 2, baseMs * 4, baseMs * 8]);
    expect(crashes.map((c) => c.failed)).toEqual([false, false, false, true]);
    // The gaps between crashes follow the backoff, so they grow (1 ms slack: log times are whole ms).
    const times = crashes.map((c) => Date.parse(String(c.time)));
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(Number(crashes[i - 1]!.delay_ms) - 1);
    }

    const report = await health(server.url);
    expect(report.status).toBe('degraded');
    expect(report.checks.database.status).toBe('ok');
    expect(report.checks.tasks).toMatchObject({ status: 'failed', detail: 'failed: fixture-failing' });
    expect(report.checks.tasks.tasks).toContainEqual(
      expect.objectContaining({
        name: 'fixture-failing',
        state: 'failed',
        lastError: 'Error: fixture task fails on purpose',
      }),
    );
  });

  it('a display process whose parent died before it finished loading stops by itself', async () => {
    const root = tempDir();
    const parent = spawnNode('test/fixtures/orphan-display.ts', {
      env: { MARQUEE_DATA_DIR: path.join(root, 'data'), MARQUEE_CONFIG_DIR: path.join(root, 'config') },
    });
    // The display writes to the same stdout pipe: it closes once the display has exited too.
    const closed = new Promise((resolve) => parent.child.stdout!.once('close', resolve));
    const { pid } = await parent.waitForLog((l) => l.msg === 'forked');
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((_r, reject) => {
      timer = setTimeout(() => reject(new Error('display still running')), 10_000);
    });
    try {
      await Promise.race([closed, limit]);
      expect(parent.logs).toContainEqual(expect.objectContaining({ msg: 'display stopping', reason: 'parent gone' }));
    } finally {
      clearTimeout(timer);
      // Never leave an orphan behind, even when the wait above fails.
      if (fs.existsSync(`/proc/${pid}`)) process.kill(Number(pid), 'SIGKILL');
    }
  });
});
