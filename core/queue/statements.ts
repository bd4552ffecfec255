/**
 * The queue's SQL, prepared once per database. Raw statements: this is the hot path of every
 * change, and RETURNING gives the row written without a second query.
 */
import type Database from 'better-sqlite3';

/** Aliases map columns onto the schema's $inferSelect names. */
export const COLUMNS = `id, kind, key, params, status, attempts, max_attempts AS maxAttempts, run_at AS runAt,
  lease_owner AS leaseOwner, lease_expires_at AS leaseExpiresAt, progress, stage, message, result,
  error_code AS errorCode, error_message AS errorMessage, requested_by AS requestedBy,
  cancel_requested_at AS cancelRequestedAt, created_at AS createdAt, updated_at AS updatedAt,
  started_at AS startedAt, finished_at AS finishedAt`;

export function statements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `INSERT INTO operations (id, kind, key, params, status, attempts, max_attempts, run_at, requested_by, created_at, updated_at)
       VALUES (@id, @kind, @key, @params, 'pending', 0, @maxAttempts, @runAt, @requestedBy, @now, @now) RETURNING ${COLUMNS}`,
    ),
    get: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE id = ?`),
    active: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE key = ? AND status IN ('pending', 'running')`),
    pendingFor: sqlite.prepare(`SELECT id FROM operations WHERE key = ? AND status = 'pending'`).pluck(),
    countPending: sqlite.prepare(`SELECT count(*) FROM operations WHERE status = 'pending'`).pluck(),
    // A key with a running row is skipped; the partial unique indexes make two pending rows of one key
    // impossible. Due rows are ranked per lane (a kind with slots of its own, or the shared lane ''),
    // and each lane takes as many as it has free slots, oldest due first.
    claim: sqlite.prepare(
      `WITH due AS (
         SELECT o.id, o.run_at, o.created_at, o.rowid AS r,
           CASE WHEN o.kind IN (SELECT value FROM json_each(@own)) THEN o.kind ELSE '' END AS lane
         FROM operations o WHERE o.status = 'pending' AND o.run_at <= @now
           AND (@kinds IS NULL OR o.kind IN (SELECT value FROM json_each(@kinds)))
           AND NOT EXISTS (SELECT 1 FROM operations x WHERE x.key = o.key AND x.status = 'running')
       ), ranked AS (
         SELECT id, lane, row_number() OVER (PARTITION BY lane ORDER BY run_at, created_at, r) AS n FROM due
       )
       UPDATE operations SET status = 'running', attempts = attempts + 1, lease_owner = @owner,
         lease_expires_at = @leaseUntil, started_at = coalesce(started_at, @now), updated_at = @now,
         progress = 0, stage = 'starting', message = NULL
       WHERE id IN (SELECT ranked.id FROM ranked JOIN json_each(@free) f ON f.key = ranked.lane WHERE ranked.n <= f.value)
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
    setParams: sqlite.prepare(
      `UPDATE operations SET params = @params, updated_at = @now WHERE id = @id AND status = 'pending' RETURNING ${COLUMNS}`,
    ),
    supersede: sqlite.prepare(
      `UPDATE operations SET status = 'cancelled', message = @message, result = @result, finished_at = @now, updated_at = @now
       WHERE id = @id AND status = 'pending' RETURNING ${COLUMNS}`,
    ),
    hasten: sqlite.prepare(
      `UPDATE operations SET run_at = @now, updated_at = @now WHERE id = @id AND status = 'pending' AND run_at > @now
       RETURNING ${COLUMNS}`,
    ),
    event: sqlite.prepare(
      `INSERT INTO operation_events (operation_id, at, type, attempt, progress, stage, message)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
