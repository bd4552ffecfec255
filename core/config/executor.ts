/**
 * The `configure` operation: one save of the config files, run by the queue one at a time per key
 * (`keyOf(change)`). Its params are `describeChange(change)` and a request id; the change itself is
 * taken from the in-memory inbox (./inbox.ts), so no setting's value is ever written to the history.
 */
import type { ConfigService } from './service.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import type { Executor, JsonValue } from '../queue/types.ts';
import type { Problem } from '../platform/validation.ts';

export const CONFIGURE_KIND = 'configure' as const;

/** A save takes milliseconds; far longer means the disk is stuck, and the attempt is given up. */
const CONFIGURE_TIMEOUT_MS = 30_000;

export const requestIdOf = (params: JsonValue): string | null =>
  params && typeof params === 'object' && !Array.isArray(params) && typeof params.request_id === 'string'
    ? params.request_id
    : null;

/** The change is gone: the process that received it stopped before the save ran. */
const changeLost = () =>
  new AppError('OPERATION_INTERRUPTED', {
    message:
      'The settings of this save were held in memory only and were lost when Marquee restarted before it ran; nothing was changed. Save them again.',
    transient: false,
  });

/**
 * The error as the history keeps it: a refused save names its fields but not the values received
 * (they may be settings a user would not want in a log). The request still gets the full error.
 */
function forHistory(e: unknown): unknown {
  if (!isAppError(e) || e.code !== 'CONFIG_VALIDATION_FAILED') return e;
  const problems = (e.context?.problems ?? []) as Problem[];
  const fields = [...new Set(problems.map((p) => p.field))];
  return new AppError('CONFIG_VALIDATION_FAILED', {
    message: `Invalid configuration: ${fields.length ? fields.join(', ') : 'see the request'}; nothing was changed`,
  });
}

export function configureExecutor(config: Pick<ConfigService, 'inbox' | 'apply'>): Executor {
  return {
    kind: CONFIGURE_KIND,
    timeoutMs: CONFIGURE_TIMEOUT_MS,
    // Never retried: the request already has its answer, and a late repeat could overwrite newer settings.
    maxAttempts: 1,
    async run({ params, signal }) {
      const id = requestIdOf(params);
      const ticket = id === null ? undefined : config.inbox.get(id);
      if (!ticket) throw changeLost();
      try {
        const result = await config.apply(ticket.change, signal);
        ticket.outcome = { ok: true, result };
        return { ...result };
      } catch (e) {
        ticket.outcome = { ok: false, error: e };
        throw forHistory(e);
      } finally {
        if (ticket.unattended) config.inbox.drop(ticket.id);
      }
    },
  };
}
