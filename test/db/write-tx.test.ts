import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTx } from '../../db/write-tx.ts';
import { tempDir } from '../support/temp.ts';

const open: Database.Database[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/**
 * Two connections to one WAL database file, as the web and display processes have. Neither waits
 * (busy_timeout 0), so being turned away shows as SQLITE_BUSY at once instead of blocking the test;
 * waiting under busy_timeout is covered by test/config/write-lock.test.ts with a second process.
 */
function twoConnections() {
  const file = path.join(tempDir('marquee-write-tx-'), 'test.db');
  const [a, b] = [new Database(file, { timeout: 0 }), new Database(file, { timeout: 0 })];
  open.push(a, b);
  a.pragma('journal_mode = WAL');
  a.exec('CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);');
  const read = (db: Database.Database) => (db.prepare('SELECT n FROM counter').get() as { n: number }).n;
  return { a, b, read };
}

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('writeTx', () => {
  it('holds the write lock from the first read: a writer in between is turned away and the read-then-write commits', () => {
    const { a, b, read } = twoConnections();
    const other = writeTx(a, () => {
      const n = read(a);
      const code = codeOf(() => b.prepare('UPDATE counter SET n = n + 100').run());
      a.prepare('UPDATE counter SET n = ?').run(n + 1);
      return code;
    });
    // A deferred transaction would have let that write through, then failed its own with SQLITE_BUSY.
    expect(other).toBe('SQLITE_BUSY');
    expect(read(b)).toBe(1);
    b.prepare('UPDATE counter SET n = n + 100').run();
    expect(read(a)).toBe(101);
  });

  it('while another connection writes, it is refused at BEGIN, before the function has read anything', () => {
    const { a, b, read } = twoConnections();
    b.exec('BEGIN IMMEDIATE');
    let ran = false;
    const code = codeOf(() =>
      writeTx(a, () => {
        ran = true;
        a.prepare('UPDATE counter SET n = ?').run(read(a) + 1);
      }),
    );
    expect(code).toBe('SQLITE_BUSY');
    expect(ran).toBe(false);
    b.exec('COMMIT');
    writeTx(a, () => a.prepare('UPDATE counter SET n = ?').run(read(a) + 1));
    expect(read(b)).toBe(1);
  });
});
