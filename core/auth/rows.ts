/** The `auth_credentials` rows: read whole into the index, written only on change and in batches. */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authCredentials, type CredentialKind, type CredentialRow } from '../../db/schema/auth.ts';

type Orm = Pick<Db, 'orm'>;

export const readCredentials = (db: Orm): CredentialRow[] => db.orm.select().from(authCredentials).all();

export function insertCredential(db: Orm, row: CredentialRow): void {
  db.orm.insert(authCredentials).values(row).run();
}

/** Deletes one credential of `kind`; false when there was none. */
export function deleteCredential(db: Orm, kind: CredentialKind, id: string): boolean {
  const res = db.orm
    .delete(authCredentials)
    .where(and(eq(authCredentials.kind, kind), eq(authCredentials.id, id)))
    .run();
  return res.changes > 0;
}

/** Records when each credential was last used, in one transaction. */
export function saveLastUses(db: Pick<Db, 'orm' | 'sqlite'>, uses: ReadonlyArray<{ id: string; at: number }>): void {
  if (!uses.length) return;
  db.sqlite.transaction(() => {
    for (const u of uses)
      db.orm.update(authCredentials).set({ lastUsedAt: u.at }).where(eq(authCredentials.id, u.id)).run();
  })();
}

/** Deletes sessions unused since `before` (their cookie has expired in the browser too). */
export function pruneSessions(db: Orm, before: number): number {
  const unused = or(
    lt(authCredentials.lastUsedAt, before),
    and(isNull(authCredentials.lastUsedAt), lt(authCredentials.createdAt, before)),
  );
  return db.orm
    .delete(authCredentials)
    .where(and(eq(authCredentials.kind, 'session'), unused))
    .run().changes;
}
