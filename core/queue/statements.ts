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
    allActive: sqlite.prepare(`SELECT ${COLUMNS} FROM operations WHERE status IN ('pending', 'running')`),
    pendingFor: sqlite.prepare(`SELECT id FROM operations WHERE key = ? AND status = 'pending'`).pluck(),
    countPending: sqlite.prepare(`SELECT count(*) FROM operations WHERE status = 'pending'`).pluck(),
    anyDue: sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM operations WHERE status = 'pending' AND run_at <= ?)`).pluck(),
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

/**
 * The claim for some lanes: each of `lanes` ('' for the kinds without slots of their own, else a
 * kind of `own`) takes, oldest due first, at most its free slots (`@free0`, `@free1`, ... in the
 * order of `lanes`). A key with a running row is skipped; the partial unique indexes make two
 * pending rows of one key impossible. With `restricted`, `@kinds` (a JSON array) limits it to
 * those kinds.
 */
export function claimStatement(
  sqlite: Database.Database,
  own: readonly string[],
  lanes: readonly string[],
  restricted: boolean,
) {
  // Kinds are `[a-z][a-z0-9-]*` (checked at registration): safe to spell out, so the planner sees them.
  const ownKinds = own.map((k) => `'${k}'`).join(', ');
  const laneOf = (lane: string, i: number) =>
    lane === '' ? (own.length ? ` AND o.kind NOT IN (${ownKinds})` : '') : ` AND o.kind = @kind${i}`;
  const only = restricted ? ' AND o.kind IN (SELECT value FROM json_each(@kinds))' : '';
  const due = (lane: string, i: number) =>
    `SELECT o.id FROM operations o WHERE o.status = 'pending'${laneOf(lane, i)} AND o.run_at <= @now${only}
       AND NOT EXISTS (SELECT 1 FROM operations r WHERE r.key = o.key AND r.status = 'running')
     ORDER BY o.run_at, o.created_at, o.rowid LIMIT @free${i}`;
  // Each lane's LIMIT needs a subquery of its own once there are several.
  const union =
    lanes.length === 1 ? due(lanes[0]!, 0) : lanes.map((l, i) => `SELECT id FROM (${due(l, i)})`).join(' UNION ALL ');
  return sqlite.prepare(
    `UPDATE operations SET status = 'running', attempts = attempts + 1, lease_owner = @owner,
       lease_expires_at = @leaseUntil, started_at = coalesce(started_at, @now), updated_at = @now,
       progress = 0, stage = 'starting', message = NULL
     WHERE id IN (${union})
     RETURNING ${COLUMNS}`,
  );
}
