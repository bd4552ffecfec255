import type Database from 'better-sqlite3';
import type { OperationEventRow, OperationRow } from '../../db/schema/queue.ts';
import { COLUMNS, toOperation } from './rows.ts';
import type { HistoryFilter, Operation } from './types.ts';

const FINISHED = `status IN ('completed', 'failed', 'cancelled')`;

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 1_000;

/**
 * Newest first by (created_at, rowid): rowid breaks ties between operations created in the same
 * millisecond, so paging with `before=<operation id>` never skips or repeats one.
 */
export function queryHistory(sqlite: Database.Database, f: HistoryFilter = {}): Operation[] {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: Math.min(f.limit ?? HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT) };
  if (f.key !== undefined) (where.push('key = @key'), (args.key = f.key));
  if (f.kind !== undefined) (where.push('kind = @kind'), (args.kind = f.kind));
  if (typeof f.status === 'string') (where.push('status = @status'), (args.status = f.status));
  else if (f.status !== undefined)
    (where.push('status IN (SELECT value FROM json_each(@statuses))'), (args.statuses = JSON.stringify(f.status)));
  if (typeof f.before === 'number') (where.push('created_at < @beforeTime'), (args.beforeTime = f.before));
  if (typeof f.before === 'string') {
    // An unknown cursor id matches nothing rather than everything: the page it names does not exist.
    where.push(`(created_at, rowid) < (SELECT created_at, rowid FROM operations WHERE id = @beforeId)`);
    args.beforeId = f.before;
  }
  const sql = `SELECT ${COLUMNS} FROM operations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, rowid DESC LIMIT @limit`;
  return (sqlite.prepare(sql).all(args) as OperationRow[]).map(toOperation);
}

export function operationEvents(sqlite: Database.Database, id: string): OperationEventRow[] {
  return sqlite
    .prepare(
      `SELECT id, operation_id AS operationId, at, type, attempt, progress, stage, message
       FROM operation_events WHERE operation_id = ? ORDER BY id`,
    )
    .all(id) as OperationEventRow[];
}

/** Deletes every finished operation (and, by cascade, its events); pending and running ones stay. */
export function clearFinished(sqlite: Database.Database): number {
  return sqlite.prepare(`DELETE FROM operations WHERE ${FINISHED}`).run().changes;
}

/**
 * History retention: none older than `maxDays` (by when they finished); of the kinds in `keep`,
 * that many finished operations each; of all other kinds together, at most `maxRows`. Pending and
 * running operations are never pruned, however old.
 */
export function pruneFinished(
  sqlite: Database.Database,
  opts: { now: number; maxRows: number; maxDays: number; keep?: Record<string, number> },
): number {
  const cutoff = opts.now - opts.maxDays * 86_400_000;
  return sqlite
    .prepare(
      `DELETE FROM operations WHERE ${FINISHED} AND (finished_at < @cutoff
       OR id IN (SELECT id FROM operations WHERE ${FINISHED} AND kind NOT IN (SELECT key FROM json_each(@keep))
                 ORDER BY finished_at DESC, rowid DESC LIMIT -1 OFFSET @maxRows)
       OR id IN (SELECT id FROM (
                   SELECT o.id, f.value AS kept,
                     row_number() OVER (PARTITION BY o.kind ORDER BY o.finished_at DESC, o.rowid DESC) AS n
                   FROM operations o JOIN json_each(@keep) f ON f.key = o.kind WHERE ${FINISHED.replace('status', 'o.status')})
                 WHERE n > kept))`,
    )
    .run({ cutoff, maxRows: opts.maxRows, keep: JSON.stringify(opts.keep ?? {}) }).changes;
}
