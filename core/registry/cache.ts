/**
 * The store's persistent cache (`store_cache`): one row per document with its validators, when it
 * was confirmed, when it expires, and its failures. A failure never touches the body, so the last
 * good copy always survives. When a source is tried again is its refresh operation's retry (the
 * queue's row), never a column here.
 */
import { eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { storeCache, type StoreCacheRow } from '../../db/schema.ts';
import { isAppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';

export type CacheRow = StoreCacheRow;

export function readRow(db: Db, key: string): CacheRow | null {
  return db.orm.select().from(storeCache).where(eq(storeCache.key, key)).get() ?? null;
}

export function readRows(db: Db, prefix: string): CacheRow[] {
  return db.orm
    .select()
    .from(storeCache)
    .where(like(storeCache.key, `${prefix.replace(/[%_]/g, '')}%`))
    .all();
}

export interface Confirmed {
  url: string;
  /** The new document, or undefined when the upstream said it is unchanged (304). */
  body?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  now: number;
  ttlMs: number;
}

/** Records a 200 (new body and validators) or a 304 (times only); clears the failure state. */
export function recordConfirmed(db: Db, key: string, c: Confirmed): CacheRow {
  const times = { fetchedAt: c.now, expiresAt: c.now + c.ttlMs, attemptedAt: c.now };
  const healed = { failures: 0, lastErrorCode: null, lastError: null, lastErrorAt: null };
  const content =
    c.body === undefined ? {} : { body: c.body, etag: c.etag ?? null, lastModified: c.lastModified ?? null };
  return db.orm
    .insert(storeCache)
    .values({ key, url: c.url, ...content, ...times, ...healed })
    .onConflictDoUpdate({ target: storeCache.key, set: { url: c.url, ...content, ...times, ...healed } })
    .returning()
    .get();
}

export interface Failed {
  url: string | null;
  error: unknown;
  now: number;
}

/** Records a failed attempt: one more failure and the error. */
export function recordFailure(db: Db, key: string, f: Failed): CacheRow {
  const failures = (readRow(db, key)?.failures ?? 0) + 1;
  const set = {
    attemptedAt: f.now,
    failures,
    lastErrorCode: isAppError(f.error) ? f.error.code : 'UNKNOWN_ERROR',
    lastError: isAppError(f.error) ? f.error.message : describeError(f.error),
    lastErrorAt: f.now,
    ...(f.url ? { url: f.url } : {}),
  };
  return db.orm
    .insert(storeCache)
    .values({ key, ...set })
    .onConflictDoUpdate({ target: storeCache.key, set })
    .returning()
    .get();
}

export function deleteRow(db: Db, key: string): void {
  db.orm.delete(storeCache).where(eq(storeCache.key, key)).run();
}

/** Fresh: confirmed by the upstream and not yet expired. */
export const isFresh = (row: CacheRow | null, now: number) => !!row?.expiresAt && row.expiresAt > now;
