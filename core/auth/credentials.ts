/**
 * Every session and API token in memory, keyed by id, so a request is checked without touching
 * the database: one map probe and one constant-time digest comparison. The index is read again
 * from the database after each change made through it. When a credential was last used is kept
 * here exactly and recorded in the database at most once a minute per credential, all pending
 * ones in one transaction, after the answer (never a write per request). A use that waits in the
 * batch is written by the next use after the minute or by the web process's recorder task
 * (`recordUses`), whichever comes first.
 */
import type { CredentialKind, CredentialRow } from '../../db/schema/auth.ts';
import type { Platform } from '../platform/index.ts';
import { deleteCredential, insertCredential, readCredentials, saveLastUses } from './rows.ts';
import { hashSecret, sameDigest, type Presented } from './secret.ts';

/** How often a credential's last use is recorded in the database, at most. */
export const USE_RECORD_MS = 60_000;

export interface Credential {
  readonly id: string;
  readonly kind: CredentialKind;
  readonly name: string;
  readonly userAgent: string | null;
  readonly createdAt: number;
  /** Exact in memory; the database may be up to a couple of minutes behind. */
  lastUsedAt: number | null;
  /** Aborted when the credential is revoked, so streams opened with it end. */
  readonly revoked: AbortSignal;
}

interface Entry {
  cred: Credential;
  digest: Buffer;
  /** The last use handed to the database (or waiting in the batch). */
  recordedAt: number | null;
  ended: AbortController;
}

function entryOf(row: CredentialRow): Entry {
  const ended = new AbortController();
  const { id, kind, name, userAgent, createdAt, lastUsedAt } = row;
  return {
    cred: { id, kind, name, userAgent, createdAt, lastUsedAt, revoked: ended.signal },
    digest: Buffer.from(row.secretHash, 'hex'),
    recordedAt: lastUsedAt,
    ended,
  };
}

export function createCredentialIndex(deps: Pick<Platform, 'db' | 'clock' | 'log'>) {
  const { db, clock, log } = deps;
  let byId = new Map<string, Entry>();
  const batch = new Set<Entry>();
  let flushedAt = -Infinity;
  let flushQueued = false;

  function reload(): void {
    const next = new Map<string, Entry>();
    // A credential already known keeps its entry: its last use in memory is newer than the row's.
    for (const row of readCredentials(db)) next.set(row.id, byId.get(row.id) ?? entryOf(row));
    for (const [id, e] of byId)
      if (!next.has(id)) {
        batch.delete(e);
        e.ended.abort();
      }
    byId = next;
  }

  function flush(): void {
    flushQueued = false;
    if (!batch.size) return;
    flushedAt = clock.now();
    const uses = [...batch].map((e) => ({ id: e.cred.id, at: e.cred.lastUsedAt ?? e.cred.createdAt }));
    batch.clear();
    try {
      saveLastUses(db, uses);
    } catch (e) {
      // Only the "last used" column is lost; the next batch writes newer values.
      log.warn('could not record when credentials were last used', { error: (e as Error).message });
    }
  }

  reload();
  return {
    reload,
    /** The credential `presented` names, if its secret is right. */
    verify(presented: Presented): Credential | null {
      const e = byId.get(presented.id);
      if (!e || e.cred.kind !== presented.kind) return null;
      return sameDigest(hashSecret(presented.secret), e.digest) ? e.cred : null;
    },
    /** Notes a use now; true when this use is the one recorded for the coming minute. */
    touch(cred: Credential): boolean {
      const e = byId.get(cred.id);
      if (!e) return false;
      const now = clock.now();
      e.cred.lastUsedAt = now;
      if (e.recordedAt !== null && now - e.recordedAt < USE_RECORD_MS) return false;
      e.recordedAt = now;
      batch.add(e);
      if (!flushQueued && now - flushedAt >= USE_RECORD_MS) {
        flushQueued = true;
        setImmediate(flush);
      }
      return true;
    },
    list(kind: CredentialKind): Credential[] {
      return [...byId.values()]
        .filter((e) => e.cred.kind === kind)
        .map((e) => e.cred)
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },
    count: (kind: CredentialKind) => [...byId.values()].filter((e) => e.cred.kind === kind).length,
    add(row: CredentialRow): Credential {
      insertCredential(db, row);
      reload();
      return byId.get(row.id)!.cred;
    },
    /** Deletes and forgets one credential; its open streams end. False when there was none. */
    remove(kind: CredentialKind, id: string): boolean {
      const gone = deleteCredential(db, kind, id);
      reload();
      return gone;
    },
    /** Writes the pending last uses now (shutdown). */
    flush,
  };
}

export type CredentialIndex = ReturnType<typeof createCredentialIndex>;
