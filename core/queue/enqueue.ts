import { randomUUID } from 'node:crypto';
import { REQUESTERS } from '../../db/schema/queue.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { QueueBase } from './base.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';
import { canonicalJson } from './json.ts';
import { decideForKey } from './policy.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { EnqueueRequest, EnqueueResult, Operation } from './types.ts';

/** Seconds a client refused with QUEUE_FULL is told to wait: long enough for a few operations to finish. */
export const QUEUE_FULL_RETRY_AFTER_S = 5;

const conflict = (b: Operation, req: EnqueueRequest) =>
  new AppError('PLUGIN_OPERATION_CONFLICT', {
    message: `${req.key} already has a ${b.status} ${b.kind} operation (${b.id})`,
    context: {
      plugin_id: req.key,
      requested_operation_type: req.kind,
      operation_id: b.id,
      operation_type: b.kind,
      status: b.status,
    },
  });

function checkRequest(registry: Registry, req: EnqueueRequest) {
  const executor = registry.get(req.kind);
  if (!executor) throw new TypeError(`no executor registered for operation kind ${JSON.stringify(req.kind)}`);
  if (typeof req.key !== 'string' || req.key.length === 0 || req.key.length > 200)
    throw new TypeError('operation key must be a string of 1 to 200 characters');
  const requestedBy = req.requestedBy ?? 'api';
  if (!REQUESTERS.includes(requestedBy)) throw new TypeError(`requestedBy must be one of ${REQUESTERS.join(', ')}`);
  const maxAttempts = req.maxAttempts ?? executor.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('maxAttempts must be an integer >= 1');
  return { requestedBy, maxAttempts, params: canonicalJson(req.params ?? {}, 'params') };
}

/**
 * Save-before-send: the per-key policy, the pending limit and the insert happen in one IMMEDIATE
 * transaction, so two concurrent requests can neither both pass the checks nor both insert. Only
 * after it commits may anything act on the operation.
 */
export function enqueueOperation(
  env: { deps: QueueBase; store: QueueStore; registry: Registry },
  req: EnqueueRequest,
): EnqueueResult {
  const { requestedBy, maxAttempts, params } = checkRequest(env.registry, req);
  const { store, deps } = env;
  return store.tx(() => {
    const decision = decideForKey(store.active(req.key), req.kind, params);
    if (decision.action === 'coalesce') return { operation: decision.onto, coalesced: true };
    if (decision.action === 'conflict') throw conflict(decision.blocking, req);
    // One read of the active operations, however many keys the request also touches (a settings
    // save can name thousands); there are never more than the pending limit plus the running ones.
    if (req.alsoTouches?.length) {
      const others = new Map<string, Operation>();
      for (const o of store.allActive()) if (o.kind !== req.kind && !others.has(o.key)) others.set(o.key, o);
      for (const key of req.alsoTouches) {
        const blocking = others.get(key);
        if (blocking) throw conflict(blocking, { ...req, key });
      }
    }
    const max = deps.settings.limits.queueMaxPending;
    const pending = store.countPending();
    if (pending >= max)
      throw new AppError('QUEUE_FULL', {
        message: `Too many pending operations (${pending} of ${max}); try again later`,
        context: { pending, max_pending: max },
        headers: { 'Retry-After': String(QUEUE_FULL_RETRY_AFTER_S) },
      });
    const operation = store.insert({
      id: randomUUID(),
      kind: req.kind,
      key: req.key,
      params,
      maxAttempts,
      requestedBy,
      now: deps.clock.now(),
    });
    return { operation, coalesced: false };
  });
}
