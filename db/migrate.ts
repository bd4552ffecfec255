import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { writeTx } from './write-tx.ts';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'db', 'migrations');
const TABLE = '__drizzle_migrations';
const BREAKPOINT = '--> statement-breakpoint';

interface Migration {
  tag: string;
  when: number;
  statements: string[];
  hash: string;
}

/**
 * Reads drizzle-kit's journal and SQL files. Written here rather than imported from drizzle-orm so
 * the display process, which needs no ORM, does not load one (it costs megabytes on a small board).
 */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string; when: number }>;
  };
  return journal.entries.map(({ tag, when }) => {
    const sql = fs.readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
    return { tag, when, statements: sql.split(BREAKPOINT), hash: createHash('sha256').update(sql).digest('hex') };
  });
}

/**
 * Applies pending migrations, recorded in drizzle's table format. Both processes may start at
 * once, so the check and the apply happen inside one IMMEDIATE transaction: the second process
 * waits on the write lock (busy_timeout), then sees the migrations recorded and does nothing.
 */
export function migrate(sqlite: Database.Database, dir = MIGRATIONS_DIR): { applied: number; latest: number } {
  const migrations = readMigrations(dir);
  const applied = writeTx(sqlite, () => {
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
    );
    const row = sqlite.prepare(`SELECT max(created_at) AS last FROM ${TABLE}`).get() as { last: number | null };
    const last = Number(row.last ?? 0);
    let applied = 0;
    for (const m of migrations) {
      if (last >= m.when) continue;
      for (const stmt of m.statements) if (stmt.trim()) sqlite.exec(stmt);
      sqlite.prepare(`INSERT INTO ${TABLE} (hash, created_at) VALUES (?, ?)`).run(m.hash, m.when);
      applied += 1;
    }
    return applied;
  });
  return { applied, latest: migrations.at(-1)?.when ?? 0 };
}

/** Whether the database has every migration up to `latest` (the newest this version ships). */
export function isMigrated(sqlite: Database.Database, latest: number): boolean {
  const row = sqlite.prepare(`SELECT max(created_at) AS last FROM ${TABLE}`).get() as { last: number | null };
  return Number(row.last ?? 0) >= latest;
}
