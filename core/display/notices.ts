/**
 * Panel notices: short texts drawn over whatever the panel shows (safe mode, a pairing code),
 * written by whichever process has something to say and read by the display when the database
 * changes. One notice per key, replaced in place; an expired one is no longer drawn. Raw
 * statements: the display process loads no ORM.
 */
import type Database from 'better-sqlite3';

export interface PanelNotice {
  key: string;
  text: string;
  /** `#rrggbb`. */
  color: string;
  createdAt: number;
  /** Null: until cleared. */
  expiresAt: number | null;
}

const KEY = /^[a-z][a-z0-9-]{0,31}$/;
export const NOTICE_MAX_CHARS = 32;

const SELECT = `SELECT key, text, color, created_at AS createdAt, expires_at AS expiresAt FROM panel_notices
  WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at, key`;
const UPSERT = `INSERT INTO panel_notices (key, text, color, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(key) DO UPDATE SET text = excluded.text, color = excluded.color, created_at = excluded.created_at,
  expires_at = excluded.expires_at`;

/** The notices in force at `now`, oldest first. */
export const readNotices = (sqlite: Database.Database, now: number): PanelNotice[] =>
  sqlite.prepare(SELECT).all(now) as PanelNotice[];

/** Shows `text` under `key` until cleared or until `expiresAt`; a key's earlier notice is replaced. */
export function setNotice(
  sqlite: Database.Database,
  n: { key: string; text: string; color?: string; expiresAt?: number | null },
  now: number,
): void {
  if (!KEY.test(n.key)) throw new TypeError(`panel notice key ${JSON.stringify(n.key)} must match ${KEY}`);
  const text = n.text.trim().slice(0, NOTICE_MAX_CHARS);
  const color = /^#[0-9a-f]{6}$/i.test(n.color ?? '') ? n.color! : '#ffb000';
  sqlite.prepare(UPSERT).run(n.key, text, color, now, n.expiresAt ?? null);
}

export function clearNotice(sqlite: Database.Database, key: string): void {
  sqlite.prepare('DELETE FROM panel_notices WHERE key = ?').run(key);
}
