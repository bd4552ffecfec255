import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { openSqlite, type Sqlite } from './sqlite.ts';

/** No relational query schema: nothing uses `orm.query`, and building it costs memory at start. */
export type Orm = BetterSQLite3Database;

/** The web process's database: the raw connection plus Drizzle over it. */
export interface Db extends Sqlite {
  orm: Orm;
}

export function openDb(dataDir: string, opts: { busyTimeoutMs?: number } = {}): Db {
  const base = openSqlite(dataDir, opts);
  return { ...base, orm: drizzle(base.sqlite) };
}
