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

/** What an enqueue did: the result, and the pending operations it superseded (to announce). */
export interface Enqueued extends EnqueueResult {
  superseded: Operation[];
}

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
  if (!((Number.isInteger(maxAttempts) && maxAttempts >= 1) || maxAttempts === Infinity))
    throw new TypeError('maxAttempts must be an integer >= 1 or Infinity');
  if (req.runAt !== undefined && !Number.isFinite(req.runAt)) throw new TypeError('runAt must be a finite time');
  return { requestedBy, maxAttempts, params: canonicalJson(req.params ?? {}, 'params') };
}

function checkPendingLimit(deps: QueueBase, store: QueueStore): void {
  const max = deps.settings.limits.queueMaxPending;
  const pending = store.countPending();
  if (pending >= max)
    throw new AppError('QUEUE_FULL', {
      message: `Too many pending operations (${pending} of ${max}); try again later`,
      context: { pending, max_pending: max },
      headers: { 'Retry-After': String(QUEUE_FULL_RETRY_AFTER_S) },
    });
}

/**
 * Save-before-send: the per-key policy, the pending limit and the insert happen in one IMMEDIATE
 * transaction, so two concurrent requests can neither both pass the checks nor both insert. Only
 * after it commits may anything act on the operation.
 */
export function enqueueOperation(
  env: { deps: QueueBase; store: QueueStore; registry: Registry },
  req: EnqueueRequest,
): Enqueued {
  const { requestedBy, maxAttempts, params } = checkRequest(env.registry, req);
  const { store, deps, registry } = env;
  return store.tx(() => {
    const now = deps.clock.now();
    const decision = decideForKey(store.active(req.key), req.kind, params, registry.get);
    if (decision.action === 'coalesce') return { operation: decision.onto, coalesced: true, superseded: [] };
    if (decision.action === 'merge')
      return { operation: store.setParams(decision.onto.id, decision.params, now)!, coalesced: true, superseded: [] };
    if (decision.action === 'conflict') throw conflict(decision.blocking, req);
    const yielding = decision.supersede ? [decision.supersede] : [];
    if (req.alsoTouches?.length) {
      // One read of the active operations, however many keys the request also touches (a settings
      // save can name thousands); there are never more than the pending limit plus the running ones.
      const byKey = new Map<string, Operation[]>();
      for (const o of store.allActive()) if (o.kind !== req.kind) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
      for (const key of new Set(req.alsoTouches)) {
        for (const other of byKey.get(key) ?? []) {
          if (other.status !== 'pending' || !registry.get(other.kind)?.yields) throw conflict(other, { ...req, key });
          yielding.push(other);
        }
      }
    }
    const id = randomUUID();
    const superseded = yielding.map((o) => store.supersede(o.id, { id, kind: req.kind }, now)!);
    checkPendingLimit(deps, store);
    const runAt = Math.max(now, req.runAt ?? now);
    const operation = store.insert({ id, kind: req.kind, key: req.key, params, maxAttempts, requestedBy, now, runAt });
    return { operation, coalesced: false, superseded };
  });
}
