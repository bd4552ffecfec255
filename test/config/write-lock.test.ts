import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite.ts';
import { createConfigHistory } from '../../core/config/history.ts';
import { tempDir } from '../support/temp.ts';

const HOLDER = path.join(import.meta.dirname, 'fixtures', 'write-lock-holder.mjs');

/** A process holding the database's write lock for `holdMs` from the moment it says so. */
async function holdWriteLock(file: string, holdMs: number) {
  const child = spawn(process.execPath, [HOLDER, file, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const early = exited.then(([code]) => Promise.reject(new Error(`lock holder exited with ${code} before holding`)));
  await Promise.race([once(child.stdout!, 'data'), early]);
  early.catch(() => undefined);
  return { exited };
}

// The display process writes (its heartbeat, every half second) while the web process saves
// settings: a save must wait for that write, as busy_timeout promises, not fail with a 500.
describe('settings history under another process writing', () => {
  it('a save waits for the write lock another process holds instead of failing with SQLITE_BUSY', async () => {
    const db = openSqlite(tempDir('marquee-write-lock-'));
    const history = createConfigHistory(db.sqlite, { keep: 10 });
    history.record({ main: '{}', secrets: '{}' }, 1_000);
    // The holder lets go on its own clock: this process is blocked inside SQLite while it waits, so
    // it cannot tell it to. busy_timeout (5 s) is far longer than the hold.
    const holder = await holdWriteLock(db.file, 300);
    const id = history.record({ main: '{"a":1}', secrets: '{}' }, 2_000, { reason: 'plugin clock' });
    expect(history.read(id)).toEqual({ main: '{"a":1}', secrets: '{}' });
    expect(history.ids()).toHaveLength(2);
    const [code] = await holder.exited;
    expect(code).toBe(0);
    db.close();
  });
});
