import type Database from 'better-sqlite3';

/**
 * Runs `fn` in a transaction that takes the write lock at BEGIN (BEGIN IMMEDIATE) and returns what
 * it returns; inside another transaction it nests as a savepoint, as any better-sqlite3 transaction.
 *
 * Both processes write to the database. A deferred transaction that reads first and then writes
 * gets SQLITE_BUSY at its first write, at once and past busy_timeout, when the other process wrote
 * in between: its snapshot is stale and SQLite cannot wait that away. Taken at BEGIN, the lock is
 * waited for under busy_timeout before `fn` reads anything, and nothing can write between its reads
 * and its writes. A transaction whose first statement writes takes the lock there anyway, so it may
 * use a plain `transaction()`.
 */
export function writeTx<T>(sqlite: Database.Database, fn: () => T): T {
  return sqlite.transaction(fn).immediate();
}
