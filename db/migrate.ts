import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const TABLE = '__drizzle_migrations';

/**
 * Applies pending migrations. Both processes may start at once, so the check and the apply happen
 * inside one IMMEDIATE transaction: the second process waits on the write lock (busy_timeout), then
 * sees the migrations already recorded and does nothing. Uses drizzle's journal and table format.
 */
export function migrate(sqlite: Database.Database, dir = MIGRATIONS_DIR): { applied: number; latest: number } {
  const migrations = readMigrationFiles({ migrationsFolder: dir });
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
  );
  const apply = sqlite.transaction(() => {
    const last = sqlite.prepare(`SELECT created_at FROM ${TABLE} ORDER BY created_at DESC LIMIT 1`).get() as
      { created_at: number } | undefined;
    let applied = 0;
    for (const m of migrations) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      sqlite.prepare(`INSERT INTO ${TABLE} (hash, created_at) VALUES (?, ?)`).run(m.hash, m.folderMillis);
      applied += 1;
    }
    return applied;
  });
  return { applied: apply.immediate(), latest: migrations.at(-1)?.folderMillis ?? 0 };
}

/** Whether the database has every migration up to `latest` (the newest this version ships). */
export function isMigrated(sqlite: Database.Database, latest: number): boolean {
  const row = sqlite.prepare(`SELECT max(created_at) AS last FROM ${TABLE}`).get() as { last: number | null };
  return Number(row.last ?? 0) >= latest;
}
