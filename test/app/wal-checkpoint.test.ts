import { describe, expect, it } from 'vitest';
import { createLifecycle } from '../../core/platform/lifecycle.ts';
import { walCheckpointer } from '../../core/platform/wal-checkpoint.ts';
import { testDeps } from '../support/deps.ts';

function setup() {
  const deps = testDeps();
  const sqlite = deps.db.sqlite;
  sqlite.exec('CREATE TABLE scratch (n INTEGER)');
  const insert = sqlite.prepare('INSERT INTO scratch (n) VALUES (?)');
  const write = (rows: number) => {
    for (let i = 0; i < rows; i++) insert.run(i);
  };
  /** Frames in the log not yet copied back, read without checkpointing (a PASSIVE one would copy them). */
  const uncopied = () => {
    const [row] = sqlite.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
    return row!.log - row!.checkpointed;
  };
  return { deps, sqlite, write, uncopied };
}

describe('walCheckpointer', () => {
  it('checkpoints once enough rows were written and nothing is in flight', () => {
    const { sqlite, write, uncopied } = setup();
    let idle = true;
    const cp = walCheckpointer({ sqlite, idle: () => idle, changes: 10 });
    write(9);
    expect(cp.step()).toBe(false);
    write(1);
    idle = false;
    expect(cp.step()).toBe(false);
    expect(uncopied()).toBeGreaterThan(0);
    idle = true;
    expect(cp.step()).toBe(true);
    expect(uncopied()).toBe(0);
    expect(cp.step()).toBe(false);
  });

  it('checkpoints regardless of activity once four times overdue', () => {
    const { sqlite, write } = setup();
    const cp = walCheckpointer({ sqlite, idle: () => false, changes: 10 });
    write(39);
    expect(cp.step()).toBe(false);
    write(1);
    expect(cp.step()).toBe(true);
  });

  it('turns the automatic checkpoint off while running and restores it when stopped', async () => {
    const { sqlite } = setup();
    const cp = walCheckpointer({ sqlite, idle: () => true });
    const stop = new AbortController();
    const loop = cp.run(stop.signal);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    stop.abort();
    await loop;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('has no timer: it looks when the last request in flight ends, and when asked after a write', async () => {
    const { sqlite, write, uncopied } = setup();
    const lifecycle = createLifecycle();
    const cp = walCheckpointer({
      sqlite,
      idle: () => lifecycle.inflight === 0,
      onQuiet: (l) => lifecycle.onQuiet(l),
      changes: 10,
    });
    const stop = new AbortController();
    const loop = cp.run(stop.signal);
    const turn = () => new Promise((r) => setImmediate(r));
    await turn();
    const [first, second] = [lifecycle.enter(), lifecycle.enter()];
    write(10);
    first();
    await turn();
    expect(uncopied()).toBeGreaterThan(0); // a request is still in flight
    second();
    await turn();
    expect(uncopied()).toBe(0);
    write(10);
    cp.look();
    cp.look();
    await turn();
    expect(uncopied()).toBe(0);
    stop.abort();
    await loop;
  });
});
