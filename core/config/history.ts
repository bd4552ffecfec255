/**
 * The settings history: before a change is written, the pair of files as it was goes into SQLite
 * (`config_history`, one row per change; `config_texts`, each content once however many rows name
 * it). Rollback restores a row byte for byte; a file broken at start is served from the newest row
 * that parses.
 *
 * The rows cost no fsync of their own: the database commits in WAL mode with synchronous=NORMAL,
 * durable across a crash of the process (kill -9), not across a power cut, which may lose the
 * newest rows until SQLite's next checkpoint. The settings themselves are never at stake: the
 * files are synced before a save is answered (files/atomic-write.ts).
 *
 * Depends on node and a better-sqlite3 handle only (the crash tests run it in a bare child process).
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { writeTx } from '../../db/write-tx.ts';

export interface ConfigPair {
  main: string;
  secrets: string;
}

export interface HistoryMeta {
  /** What the change that followed did, e.g. `plugin clock`. */
  reason?: string;
  /** Top-level sections the change that followed wrote. */
  changed_sections?: string[];
}

/** A history row as the API lists it (`GET /api/v3/config/backups`). */
export interface BackupInfo extends HistoryMeta {
  id: string;
  created_at: string;
  size_bytes: { main: number; secrets: number };
}

const ID = /^(\d{8}T\d{9}Z)-(\d{4})$/;
const stampOf = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '');

/** The id after `newest`: its creation time and a counter, after every existing id even when the clock stepped back. */
export function nextBackupId(nowMs: number, newest?: string): string {
  const stamp = stampOf(nowMs);
  const m = newest ? ID.exec(newest) : null;
  if (!m || m[1]! < stamp) return `${stamp}-0000`;
  return `${m[1]}-${String(Number(m[2]) + 1).padStart(4, '0')}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Row {
  id: string;
  created_at: number;
  reason: string | null;
  changed_sections: string | null;
  main_bytes: number;
  secrets_bytes: number;
}

function info(r: Row): BackupInfo {
  const out: BackupInfo = {
    id: r.id,
    created_at: new Date(r.created_at).toISOString(),
    size_bytes: { main: r.main_bytes, secrets: r.secrets_bytes },
  };
  if (r.reason !== null) out.reason = r.reason;
  if (r.changed_sections !== null) out.changed_sections = JSON.parse(r.changed_sections) as string[];
  return out;
}

function statements(sqlite: Database.Database) {
  return {
    newest: sqlite.prepare('SELECT id FROM config_history ORDER BY id DESC LIMIT 1').pluck(),
    ids: sqlite.prepare('SELECT id FROM config_history ORDER BY id DESC').pluck(),
    list: sqlite.prepare(
      'SELECT id, created_at, reason, changed_sections, main_bytes, secrets_bytes FROM config_history ORDER BY id DESC',
    ),
    text: sqlite.prepare('INSERT OR IGNORE INTO config_texts (sha, text) VALUES (?, ?)'),
    row: sqlite.prepare(
      `INSERT OR IGNORE INTO config_history (id, created_at, reason, changed_sections, main_sha, secrets_sha, main_bytes, secrets_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    pair: sqlite.prepare(
      `SELECT m.text AS main, s.text AS secrets FROM config_history h
       JOIN config_texts m ON m.sha = h.main_sha JOIN config_texts s ON s.sha = h.secrets_sha WHERE h.id = ?`,
    ),
    remove: sqlite.prepare('DELETE FROM config_history WHERE id = ?'),
    prune: sqlite.prepare(
      'DELETE FROM config_history WHERE id NOT IN (SELECT id FROM config_history ORDER BY id DESC LIMIT ?)',
    ),
    orphans: sqlite.prepare(
      `DELETE FROM config_texts WHERE sha NOT IN (SELECT main_sha FROM config_history UNION SELECT secrets_sha FROM config_history)`,
    ),
  };
}

export function createConfigHistory(sqlite: Database.Database, opts: { keep: number }) {
  const st = statements(sqlite);
  const prune = () => {
    st.prune.run(opts.keep);
    st.orphans.run();
  };
  const insert = (id: string, createdAt: number, pair: ConfigPair, meta: HistoryMeta) => {
    const [main, secrets] = [sha256(pair.main), sha256(pair.secrets)];
    st.text.run(main, pair.main);
    st.text.run(secrets, pair.secrets);
    const sections = meta.changed_sections ? JSON.stringify(meta.changed_sections) : null;
    const bytes = [Buffer.byteLength(pair.main), Buffer.byteLength(pair.secrets)];
    st.row.run(id, createdAt, meta.reason ?? null, sections, main, secrets, ...bytes);
  };
  return {
    /** Keeps `pair` as the newest row and drops rows beyond the newest `keep`; returns its id. */
    record: (pair: ConfigPair, nowMs: number, meta: HistoryMeta = {}): string =>
      // writeTx: it reads the newest id before it writes (see db/write-tx.ts).
      writeTx(sqlite, () => {
        const id = nextBackupId(nowMs, st.newest.get() as string | undefined);
        insert(id, nowMs, pair, meta);
        prune();
        return id;
      }),
    /** Takes a row kept elsewhere (a backup folder of an earlier version) under its own id. */
    adopt: (id: string, createdAt: number, pair: ConfigPair, meta: HistoryMeta): void =>
      writeTx(sqlite, () => {
        insert(id, createdAt, pair, meta);
        prune();
      }),
    /** Removes a row recorded for a change that was not written after all. */
    remove: (id: string): void =>
      writeTx(sqlite, () => {
        st.remove.run(id);
        st.orphans.run();
      }),
    ids: () => st.ids.all() as string[],
    list: () => (st.list.all() as Row[]).map(info),
    read: (id: string): ConfigPair | null =>
      ID.test(id) ? ((st.pair.get(id) as ConfigPair | undefined) ?? null) : null,
  };
}

export type ConfigHistory = ReturnType<typeof createConfigHistory>;
