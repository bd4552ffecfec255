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
 * Opens (creating if needed) the SQLite database in `dataDir`, sets the pragmas both processes rely
 * on and applies migrations. WAL lets the display read while web writes; busy_timeout makes the
 * two processes wait for each other instead of failing; synchronous=NORMAL is durable in WAL mode
 * across process crashes and spares the SD card an fsync per commit.
 */
export function openSqlite(dataDir: string, opts: { busyTimeoutMs?: number } = {}): Sqlite {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE);
  const sqlite = new Database(file);
  sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5_000}`);
  sqlite.pragma('journal_mode = WAL');
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
