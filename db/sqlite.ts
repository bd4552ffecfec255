import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.ts';

export interface Sqlite {
  /** The process's one writer connection; better-sqlite3 is synchronous, so it is never shared across threads. */
  sqlite: Database.Database;
  file: string;
  /** The newest migration this version ships; health compares the database with it. */
  latestMigration: number;
  close(): void;
}

export const DB_FILE = 'marquee.db';

/**
 * Switches a connection to WAL. On a fresh file that another process is switching at the same
 * moment, SQLite answers SQLITE_BUSY at once without calling the busy handler, so busy_timeout does
 * not cover it: the switch is retried here for up to the same timeout (start-up only).
 */
function enableWal(sqlite: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      if (sqlite.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
    }
    if (Date.now() >= deadline) throw new Error(`could not switch ${sqlite.name} to WAL mode`);
    Atomics.wait(pause, 0, 0, 10);
  }
}

/**
 * The database holds the settings history, secrets included (core/config/history.ts): it is made as
 * private as config_secrets.json, with its write-ahead log and shared index (SQLite gives those the
 * database's mode when it creates them, but not when they are left from an earlier version).
 */
function makePrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
  }
}

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, private to its owner, sets the
 * pragmas both processes rely on and applies migrations. WAL lets the display read while web writes; busy_timeout makes the
 * two processes wait for each other instead of failing; synchronous=NORMAL is durable in WAL mode
 * across process crashes and spares the SD card an fsync per commit.
 */
export function openSqlite(dataDir: string, opts: { busyTimeoutMs?: number } = {}): Sqlite {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE);
  const sqlite = new Database(file);
  makePrivate(file);
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5_000;
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  enableWal(sqlite, busyTimeoutMs);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const { latest } = migrate(sqlite);
  return {
    sqlite,
    file,
    latestMigration: latest,
    close() {
      if (!sqlite.open) return;
      // Fold the WAL back into the main file so a copy of marquee.db alone is complete.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}
