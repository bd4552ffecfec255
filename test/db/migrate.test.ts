import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMigrated, migrate, MIGRATIONS_DIR, readMigrations } from '../../db/migrate.ts';
import { DB_FILE, openSqlite } from '../../db/sqlite.ts';
import { spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const SHIPPED = readMigrations().length;

const migrationRows = (db: Database.Database) =>
  (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

/** A copy of the shipped migrations plus one more, as a newer version of Marquee would ship. */
function migrationsWithOneMore(): { dir: string; latest: number } {
  const dir = tempDir();
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  const when = journal.entries.at(-1).when + 1_000;
  journal.entries.push({ ...journal.entries.at(-1), idx: journal.entries.length, when, tag: '9999_extra' });
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  fs.writeFileSync(path.join(dir, '9999_extra.sql'), 'CREATE TABLE `extra` (`id` integer PRIMARY KEY NOT NULL);');
  return { dir, latest: when };
}

describe('opening the database', () => {
  it('creates the file in the data dir with WAL, busy_timeout and foreign keys on, fully migrated', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const db = openSqlite(dataDir);
    try {
      expect(db.file).toBe(path.join(dataDir, DB_FILE));
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5_000);
      expect(tables(db.sqlite)).toContain('heartbeats');
      expect(migrationRows(db.sqlite)).toBe(SHIPPED);
      expect(isMigrated(db.sqlite, db.latestMigration)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('is private to its owner with its log and index, also when an earlier version left them readable', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DB_FILE);
    // As an earlier version left it: created under the usual umask, then stopped without a checkpoint.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    const db = openSqlite(dataDir);
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
      expect(tables(db.sqlite)).toContain('config_history');
    } finally {
      db.close();
      old.close();
    }
  });

  it('applies nothing the second time, in the same connection or after reopening', () => {
    const dataDir = tempDir();
    const first = openSqlite(dataDir);
    expect(migrate(first.sqlite)).toMatchObject({ applied: 0 });
    first.close();
    const again = openSqlite(dataDir);
    try {
      expect(migrate(again.sqlite)).toMatchObject({ applied: 0 });
      expect(migrationRows(again.sqlite)).toBe(SHIPPED);
    } finally {
      again.close();
    }
  });

  it('applies only the migrations a newer version adds, and health sees the schema behind until then', () => {
    const db = openSqlite(tempDir());
    try {
      const { dir, latest } = migrationsWithOneMore();
      expect(isMigrated(db.sqlite, latest)).toBe(false);
      expect(migrate(db.sqlite, dir)).toEqual({ applied: 1, latest });
      expect(migrate(db.sqlite, dir)).toEqual({ applied: 0, latest });
      expect(isMigrated(db.sqlite, latest)).toBe(true);
      expect(tables(db.sqlite)).toContain('extra');
      expect(migrationRows(db.sqlite)).toBe(SHIPPED + 1);
    } finally {
      db.close();
    }
  });

  it('two processes opening the same fresh data dir at the same moment both succeed; the schema is applied once', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const procs = [0, 1].map(() => spawnNode('test/fixtures/open-db.ts', { args: [dataDir] }));
    await Promise.all(procs.map((p) => p.waitForLog((l) => l.msg === 'ready')));
    for (const p of procs) p.child.stdin!.write('go\n');

    const exits = await Promise.all(procs.map((p) => p.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    for (const p of procs) {
      expect(p.stderr()).toBe('');
      expect(p.logs.find((l) => l.msg === 'opened')).toEqual({
        msg: 'opened',
        migrations: SHIPPED,
        journal_mode: 'wal',
      });
    }
    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      expect(migrationRows(db)).toBe(SHIPPED);
      expect(tables(db)).toContain('heartbeats');
    } finally {
      db.close();
    }
  });
});
