import type Database from 'better-sqlite3';
import type { OperationEventType, OperationRow, OperationStatus, Requester } from '../../db/schema/queue.ts';
import { writeTx } from '../../db/write-tx.ts';
import { parseJson } from './json.ts';
import { claimStatement, COLUMNS, statements } from './statements.ts';
import type { Operation } from './types.ts';

export { COLUMNS };

/** `max_attempts` 0 stores "no limit" (`Infinity`, which a SQLite integer cannot hold). */
const NO_LIMIT = 0;

export const toOperation = (row: OperationRow): Operation => ({
  ...row,
  maxAttempts: row.maxAttempts === NO_LIMIT ? Infinity : row.maxAttempts,
  params: parseJson(row.params),
  result: parseJson(row.result),
});

/** "3 of 5", or "3" when attempts are unlimited. */
export const attemptOf = (op: Pick<Operation, 'attempts' | 'maxAttempts'>) =>
  Number.isFinite(op.maxAttempts) ? `${op.attempts} of ${op.maxAttempts}` : String(op.attempts);

export interface NewOperation {
  id: string;
  kind: string;
  key: string;
  params: string;
  maxAttempts: number;
  requestedBy: Requester;
  now: number;
  runAt: number;
}

/** Free slots per lane: `''` is the shared lane, any other name a kind with slots of its own. */
export type LaneSlots = Record<string, number>;

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

export function createQueueStore(sqlite: Database.Database) {
  const s = statements(sqlite);
  // One prepared claim per set of lanes asked (a handful: registration fixes the lanes).
  const claims = new Map<string, ReturnType<typeof claimStatement>>();
  const one = (row: unknown) => (row ? toOperation(row as OperationRow) : null);
  const addEvent = (op: Operation, at: number, type: OperationEventType, message: string | null = op.message) =>
    s.event.run(op.id, at, type, op.attempts, op.progress, op.stage, message);

  return {
    /** Runs `fn` under `writeTx`: the write lock is taken first, so checks and writes see one state. */
    tx: <T>(fn: () => T): T => writeTx(sqlite, fn),
    insert: (n: NewOperation) =>
      toOperation(
        s.insert.get({ ...n, maxAttempts: Number.isFinite(n.maxAttempts) ? n.maxAttempts : NO_LIMIT }) as OperationRow,
      ),
    get: (id: string) => one(s.get.get(id)),
    active: (key: string) => (s.active.all(key) as OperationRow[]).map(toOperation),
    allActive: () => (s.allActive.all() as OperationRow[]).map(toOperation),
    pendingSibling: (key: string) => (s.pendingFor.get(key) as string | undefined) ?? null,
    countPending: () => s.countPending.get() as number,
    /** Whether any pending operation is due at `now`: one index lookup, without the write lock a claim takes. */
    anyDue: (now: number) => s.anyDue.get(now) === 1,
    /**
     * Claims due operations into the free slots of the lanes in `free` ('' for the shared lane);
     * `own` names every kind with slots of its own; `kinds` restricts the claim to those kinds.
     */
    claim(
      c: { owner: string; now: number; leaseMs: number; free: LaneSlots; own: readonly string[] },
      kinds?: readonly string[],
    ): Operation[] {
      const lanes = Object.keys(c.free)
        .filter((l) => c.free[l]! > 0)
        .sort();
      if (!lanes.length) return [];
      const key = `${c.own.join(',')}|${lanes.join(',')}|${!!kinds}`;
      let claim = claims.get(key);
      if (!claim) claims.set(key, (claim = claimStatement(sqlite, c.own, lanes, !!kinds)));
      const rows = claim.all({
        owner: c.owner,
        now: c.now,
        leaseUntil: c.now + c.leaseMs,
        ...(kinds ? { kinds: JSON.stringify(kinds) } : {}),
        ...Object.fromEntries(lanes.map((l, i) => [`free${i}`, c.free[l]])),
        ...Object.fromEntries(lanes.flatMap((l, i) => (l ? [[`kind${i}`, l]] : []))),
      }) as OperationRow[];
      const ops = rows.map(toOperation);
      for (const op of ops) addEvent(op, c.now, 'started', `attempt ${attemptOf(op)}`);
      return ops;
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
    setParams: (id: string, params: string, now: number) => one(s.setParams.get({ id, params, now })),
    /** Cancels a pending operation because `by` takes its place; its result names the successor. */
    supersede(id: string, by: { id: string; kind: string }, now: number) {
      const result = JSON.stringify({ superseded_by: by.id });
      const message = `Superseded by ${by.kind} operation ${by.id}`;
      const op = one(s.supersede.get({ id, now, message, result }));
      if (op) addEvent(op, now, 'finished');
      return op;
    },
    hasten: (id: string, now: number) => one(s.hasten.get({ id, now })),
  };
}
