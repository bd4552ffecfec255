/**
 * A plugin config.json names but whose folder is gone: repaired by a `repair` operation (./repair.ts),
 * whose retries are the repair backoff. The step only reads that operation: one under way or
 * waiting is reported with its attempts and next attempt (a forced run makes a waiting one due);
 * one that failed for good (not in any registry, or another terminal error) is reported for a
 * person and asked for again when the registry's content changed since, or on a forced run; none,
 * or one that succeeded before the folder vanished again, is asked for now.
 */
import { isAppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import type { Operation } from '../queue/types.ts';
import { resolveEntry } from '../registry/catalog.ts';
import type { StepContext } from './context.ts';
import { REPAIR_KIND } from './repair.ts';
import { latestRepair } from './repairs.ts';
import type { Finding } from './types.ts';

const iso = (ms: number) => new Date(ms).toISOString();

function base(id: string, description = `${id} is in config.json but not in the plugins directory`) {
  return { plugin_id: id, type: 'plugin_missing_on_disk' as const, description };
}

/** The repair's own record, as findings show it. */
const record = (op: Operation) => ({
  operation_id: op.id,
  attempts: op.attempts,
  ...(op.status === 'pending' ? { next_attempt_at: iso(op.runAt) } : {}),
  ...(op.errorCode ? { error_code: op.errorCode } : {}),
});

function underWay(ctx: StepContext, op: Operation): Finding {
  const waits = op.status === 'pending' && op.attempts > 0 && op.runAt > ctx.env.clock.now();
  const action = waits
    ? `Waiting before the next attempt (last attempt: ${op.errorMessage ?? op.message ?? 'failed'})`
    : `Reinstall operation ${op.id} is ${op.status}`;
  return { ...base(op.key), outcome: 'deferred', action, ...record(op) };
}

const AGAIN = 'Tried again when the registry changes, or on a forced run';

/** A repair that ended without the plugin in its folder: a person's business until something changes. */
function gaveUp(id: string, op: Operation): Finding {
  if (op.errorCode === 'PLUGIN_NOT_FOUND')
    return {
      ...base(id, `${id} is in config.json but not on disk, and no registry source has it`),
      outcome: 'manual',
      action: `Not installed. ${AGAIN}; or remove its section.`,
      ...record(op),
    };
  const what = op.status === 'failed' ? (op.errorMessage ?? 'failed') : `it put the plugin in ${installedAs(op)}`;
  return {
    ...base(id, `${id} is in config.json but not on disk, and its reinstall did not bring it back: ${what}`),
    outcome: 'manual',
    action: `Not installed. ${AGAIN}; or install it yourself, or remove its section.`,
    ...record(op),
  };
}

const installedAs = (op: Operation) => (op.result as { plugin_id?: string } | null)?.plugin_id ?? null;

/** Whether a repair that gave up is worth asking for again: forced, or the registry changed since and lists it. */
const worthAgain = (ctx: StepContext, op: Operation, key: string) =>
  ctx.force ||
  (ctx.env.registry.changedAt() > (op.finishedAt ?? 0) && resolveEntry(ctx.env.registry.catalog(), key) !== null);

function requestRepair(ctx: StepContext, id: string): Finding {
  try {
    const { operation } = ctx.env.queue.enqueue({
      kind: REPAIR_KIND,
      key: id,
      params: { plugin_id: id },
      requestedBy: 'reconciler',
    });
    return {
      ...base(id),
      outcome: 'queued',
      action: `Reinstall queued (operation ${operation.id})`,
      ...record(operation),
    };
  } catch (e) {
    if (isAppError(e) && e.code === 'PLUGIN_OPERATION_CONFLICT') {
      const blocking = (e.context as { operation_id?: string } | undefined)?.operation_id;
      return { ...base(id), outcome: 'deferred', action: `Another operation on ${id} (${blocking}) comes first` };
    }
    if (!isAppError(e)) ctx.env.log.error('repair could not be queued', { plugin_id: id, error: describeError(e) });
    return { ...base(id), outcome: 'deferred', action: `Reinstall could not be queued (${describeError(e)})` };
  }
}

/** `key` is the config key naming the plugin (`id` itself, or LEDMatrix's `ledmatrix-<id>`). */
export async function reconcileMissing(ctx: StepContext, id: string, key: string): Promise<Finding[]> {
  const op = latestRepair(ctx.env.queue, id);
  if (op?.status === 'pending' || op?.status === 'running') {
    const due = ctx.force && op.status === 'pending' ? ctx.env.queue.retryNow(op.id) : null;
    return [underWay(ctx, due ?? op)];
  }
  const ended = op?.status === 'failed' || (op?.status === 'completed' && installedAs(op) !== id);
  if (op && ended) {
    if (!worthAgain(ctx, op, key)) return [gaveUp(id, op)];
    await ctx.registryReady();
  }
  return [requestRepair(ctx, id)];
}
