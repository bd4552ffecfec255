import type Database from 'better-sqlite3';
import type { OperationEventType, OperationRow, OperationStatus, Requester } from '../../db/schema/queue.ts';
import { parseJson } from './json.ts';
import type { Operation } from './types.ts';

// Raw prepared statements: this is the hot path of every change, and RETURNING gives the row
// written without a second query. Aliases map columns onto the schema's $inferSelect names.
export const COLUMNS = `id, kind, key, params, status, attempts, max_attempts AS maxAttempts, run_at AS runAt,
  lease_owner AS leaseOwner, lease_expires_at AS leaseExpiresAt, progress, stage, message, result,
  error_code AS errorCode, error_message AS errorMessage, requested_by AS requestedBy,
  cancel_requested_at AS cancelRequestedAt, created_at AS createdAt, updated_at AS updatedAt,
  started_at AS startedAt, finished_at AS finishedAt`;

export const toOperation = (row: OperationRow): Operation => ({
  ...row,
  params: parseJson(row.params),
  result: parseJson(row.result),
});

export interface NewOperation {
  id: string;
  kind: string;
  key: string;
  params: string;
  maxAttempts: number;
  requestedBy: Requester;
  now: number;
}

/** How a running row ends an attempt: finished, or back to pending for another one. */
export interface Transition {
  status: Exclude<OperationStatus, 'running'>;
  message: string;
  progress?: number;
  result?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** For `pending`: when the next attempt may start. */
  runAt?: number;
  /** Give the attempt back (an interruption that was not the operation's fault, like a shutdown). */
  refundAttempt?: boolean;
}

export type QueueStore = ReturnType<typeof createQueueStore>;

function statements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `INSERT INTO operations (id, kind, key, params, status, attempts, max_attempts, run_at, requested_by, created_at, updated_at)
       VALUES (@id, @kind, @key, @params, 'pending', 0, @maxAttempts, @now, @requestedBy, @now, @now) RETURNING ${COLUMNS}`,
    ),
    get: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE id = ?`),
    active: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE key = ? AND status IN ('pending', 'running')`),
    pendingFor: sqlite.prepare(`SELECT id FROM operations WHERE key = ? AND status = 'pending'`).pluck(),
    countPending: sqlite.prepare(`SELECT count(*) FROM operations WHERE status = 'pending'`).pluck(),
    // A key with a running row is skipped; the partial unique indexes make two pending rows of one key impossible.
    claim: sqlite.prepare(
      `UPDATE operations SET status = 'running', attempts = attempts + 1, lease_owner = @owner,
         lease_expires_at = @leaseUntil, started_at = coalesce(started_at, @now), updated_at = @now,
         progress = 0, stage = 'starting', message = NULL
       WHERE id IN (
         SELECT o.id FROM operations o WHERE o.status = 'pending' AND o.run_at <= @now
           AND NOT EXISTS (SELECT 1 FROM operations r WHERE r.key = o.key AND r.status = 'running')
         ORDER BY o.run_at, o.created_at, o.rowid LIMIT @limit)
       RETURNING ${COLUMNS}`,
    ),
    renew: sqlite.prepare(
      `UPDATE operations SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`,
    ),
    progress: sqlite.prepare(
      `UPDATE operations SET progress = @progress, stage = @stage, message = @message, updated_at = @now
       WHERE id = @id AND status = 'running' AND lease_owner = @owner RETURNING ${COLUMNS}`,
    ),
    end: sqlite.prepare(
      `UPDATE operations SET status = @status, message = @message, progress = coalesce(@progress, progress),
         result = @result, error_code = @errorCode, error_message = @errorMessage, run_at = coalesce(@runAt, run_at),
         attempts = attempts - @refund, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now,
         finished_at = CASE WHEN @status = 'pending' THEN NULL ELSE @now END
       WHERE id = @id AND status = 'running' AND lease_owner IS @owner RETURNING ${COLUMNS}`,
    ),
    cancelPending: sqlite.prepare(
      `UPDATE operations SET status = 'cancelled', message = 'Operation cancelled by user', finished_at = @now, updated_at = @now
       WHERE id = @id AND status = 'pending' RETURNING ${COLUMNS}`,
    ),
    requestCancel: sqlite.prepare(
      `UPDATE operations SET cancel_requested_at = @now, message = 'Cancelling', updated_at = @now
       WHERE id = @id AND status = 'running' RETURNING ${COLUMNS}`,
    ),
    running: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE status = 'running'`),
    // A pending row behind a running one of its key is not due before that one ends (which wakes the runner).
    nextDue: sqlite
      .prepare(
        `SELECT min(t) FROM (
           SELECT min(o.run_at) AS t FROM operations o WHERE o.status = 'pending'
             AND NOT EXISTS (SELECT 1 FROM operations r WHERE r.key = o.key AND r.status = 'running')
           UNION ALL
           SELECT min(lease_expires_at) FROM operations WHERE status = 'running' AND lease_owner IS NOT ?)`,
      )
      .pluck(),
    event: sqlite.prepare(
      `INSERT INTO operation_events (operation_id, at, type, attempt, progress, stage, message)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export function createQueueStore(sqlite: Database.Database) {
  const s = statements(sqlite);
  const one = (row: unknown) => (row ? toOperation(row as OperationRow) : null);
  const addEvent = (op: Operation, at: number, type: OperationEventType, message: string | null = op.message) =>
    s.event.run(op.id, at, type, op.attempts, op.progress, op.stage, message);

  return {
    /** Runs `fn` in an IMMEDIATE transaction: the write lock is taken first, so checks and writes see one state. */
    tx: <T>(fn: () => T): T => sqlite.transaction(fn).immediate(),
    insert: (n: NewOperation) => toOperation(s.insert.get(n) as OperationRow),
    get: (id: string) => one(s.get.get(id)),
    active: (key: string) => (s.active.all(key) as OperationRow[]).map(toOperation),
    pendingSibling: (key: string) => (s.pendingFor.get(key) as string | undefined) ?? null,
    countPending: () => s.countPending.get() as number,
    claim(owner: string, now: number, leaseMs: number, limit: number): Operation[] {
      const rows = (s.claim.all({ owner, now, leaseUntil: now + leaseMs, limit }) as OperationRow[]).map(toOperation);
      for (const op of rows) addEvent(op, now, 'started', `attempt ${op.attempts} of ${op.maxAttempts}`);
      return rows;
    },
    renew: (id: string, owner: string, until: number) => s.renew.run(until, id, owner).changes === 1,
    progress(
      id: string,
      owner: string,
      now: number,
      progress: number,
      stage: string,
      message: string | null,
      withEvent = true,
    ) {
      // One commit for the row and its log line.
      return sqlite.transaction(() => {
        const op = one(s.progress.get({ id, owner, now, progress, stage, message }));
        if (op && withEvent) addEvent(op, now, 'progress', message);
        return op;
      })();
    },
    /** Ends an attempt of a row still held by `owner`; null when the row is no longer held (lost lease). */
    end(id: string, owner: string | null, now: number, t: Transition, eventType: OperationEventType) {
      const op = one(
        s.end.get({
          id,
          owner,
          now,
          status: t.status,
          message: t.message,
          progress: t.progress ?? null,
          result: t.result ?? null,
          errorCode: t.errorCode ?? null,
          errorMessage: t.errorMessage ?? null,
          runAt: t.runAt ?? null,
          refund: t.refundAttempt ? 1 : 0,
        }),
      );
      if (op) addEvent(op, now, eventType, t.message);
      return op;
    },
    cancelPending(id: string, now: number) {
      const op = one(s.cancelPending.get({ id, now }));
      if (op) addEvent(op, now, 'finished');
      return op;
    },
    requestCancel: (id: string, now: number) => one(s.requestCancel.get({ id, now })),
    running: () => (s.running.all() as OperationRow[]).map(toOperation),
    /**
     * When the runner has something to do without being woken: the earliest pending row not held
     * back by a running one of its key, or the earliest lease of another runner to expire; null
     * when nothing is known to come due.
     */
    nextDue: (owner: string) => (s.nextDue.get(owner) as number | null) ?? null,
  };
}
