import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';
import { openSqlite, type Sqlite } from './sqlite.ts';

export type Orm = BetterSQLite3Database<typeof schema>;

/** The web process's database: the raw connection plus Drizzle over it. */
export interface Db extends Sqlite {
  orm: Orm;
}

export function openDb(dataDir: string, opts: { busyTimeoutMs?: number } = {}): Db {
  const base = openSqlite(dataDir, opts);
  return { ...base, orm: drizzle(base.sqlite, { schema }) };
}
