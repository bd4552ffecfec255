/**
 * How the API saves configuration: every save is a `configure` operation (key = the plugin id, or
 * `config:main` for core sections), so it never runs alongside an uninstall or another save of the
 * same section, and every save, refused or not, is in the operation history. The history keeps
 * `describeChange(change)` only; the change reaches the executor through the in-memory inbox.
 *
 * Inside an operation that already holds the key (a lifecycle executor), call
 * `config.apply(change, signal)` instead: enqueueing a second operation of the same key from
 * there would wait for itself.
 */
import type { Platform } from '../platform/index.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import { ERRORS, type ErrorCode } from '../platform/errors/catalogue.ts';
import type { EnqueueRequest, Operation, Queue, Requester } from '../queue/types.ts';
import { describeChange, keyOf, pluginSectionsOf, type ConfigChange, type SaveResult } from './change.ts';
import { CONFIGURE_KIND } from './executor.ts';
import type { Ticket } from './inbox.ts';
import type { ConfigService } from './service.ts';

/** The store whose files change, the queue the save runs on, and how long a request waits (`settings.queue.waitMs`). */
export interface SaveDeps extends Pick<Platform, 'settings'> {
  config: ConfigService;
  queue: Queue;
}

export type Saved =
  | { finished: true; result: SaveResult & { operation_id: string } }
  /** Still queued or running when the wait ended (other work holds the queue); follow the operation. */
  | { finished: false; operation: Operation };

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** The configure operation blocking the key, if that is why the enqueue was refused. */
function blockingSave(e: unknown): string | null {
  if (!isAppError(e) || e.code !== 'PLUGIN_OPERATION_CONFLICT') return null;
  const ctx = e.context ?? {};
  return ctx.operation_type === CONFIGURE_KIND && typeof ctx.operation_id === 'string' ? ctx.operation_id : null;
}

/**
 * Enqueues and waits, all within `waitMs`. Another save of the same key makes the queue refuse
 * this one (409); a save waits for it and tries again, so saves of one key run in turn (in the
 * order they arrived) instead of failing. Any other kind of operation on the key stays a 409.
 */
async function enqueueInTurn(deps: SaveDeps, req: EnqueueRequest, waitMs: number) {
  const deadline = performance.now() + waitMs;
  for (;;) {
    try {
      return await deps.queue.enqueueAndWait(req, Math.max(0, deadline - performance.now()));
    } catch (e) {
      const blocking = blockingSave(e);
      const left = deadline - performance.now();
      if (!blocking || left <= 0) throw e;
      // Already gone from the history: nothing to wait for, try again at once.
      await deps.queue.waitFor(blocking, left).catch(() => undefined);
    }
  }
}

const withOperation = (e: unknown, operationId: string): unknown =>
  isAppError(e)
    ? new AppError(e.code, {
        message: e.message,
        details: e.details,
        context: { ...e.context, operation_id: operationId },
        fixes: e.fixes,
        transient: e.transient,
        headers: e.headers,
        cause: e,
      })
    : e;

/** The operation ended without applying the change (cancelled, timed out, interrupted). */
function endedWithout(op: Operation): AppError {
  const code: ErrorCode =
    op.errorCode && op.errorCode in ERRORS
      ? (op.errorCode as ErrorCode)
      : op.status === 'cancelled'
        ? 'OPERATION_CANCELLED'
        : 'CONFIG_SAVE_FAILED';
  return new AppError(code, { message: op.message ?? ERRORS[code].message, context: { operation_id: op.id } });
}

function settle(op: Operation, ticket: Ticket): Saved {
  // The ticket says what happened to the files, even if recording the operation's end failed.
  const outcome = ticket.outcome;
  if (outcome?.ok) return { finished: true, result: { ...outcome.result, operation_id: op.id } };
  throw outcome ? withOperation(outcome.error, op.id) : endedWithout(op);
}

export async function saveConfig(
  deps: SaveDeps,
  change: ConfigChange,
  opts: { requestedBy?: Requester } = {},
): Promise<Saved> {
  // An unknown plugin is a 404 at once, not a failed operation in the history.
  if ('plugin_id' in change && change.op !== 'plugin-restore' && !deps.config.isKnownPlugin(change.plugin_id))
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${change.plugin_id} not found`,
      context: { plugin_id: change.plugin_id },
    });
  const { inbox } = deps.config;
  inbox.sweep((id) => FINISHED.has(deps.queue.get(id)?.status ?? 'completed'));
  const ticket = inbox.put(change);
  const req: EnqueueRequest = {
    kind: CONFIGURE_KIND,
    key: keyOf(change),
    alsoTouches: pluginSectionsOf(change, deps.config.state()),
    params: { ...describeChange(change), request_id: ticket.id } as EnqueueRequest['params'],
    requestedBy: opts.requestedBy ?? 'api',
  };
  let r;
  try {
    r = await enqueueInTurn(deps, req, deps.settings.queue.waitMs);
  } catch (e) {
    inbox.drop(ticket.id);
    throw e;
  }
  ticket.operationId = r.operation.id;
  if (!r.finished) {
    ticket.unattended = true;
    // Ran meanwhile but not yet recorded: the executor has already passed the point where it drops it.
    if (ticket.outcome) inbox.drop(ticket.id);
    return { finished: false, operation: r.operation };
  }
  inbox.drop(ticket.id);
  return settle(r.operation, ticket);
}
