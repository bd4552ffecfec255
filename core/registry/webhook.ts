/**
 * The registry webhook (GitHub `push` on a registry repository). Off — an ordinary 404 — unless a
 * secret is configured; the signature is checked on the raw bytes before any parsing; a delivery
 * id is accepted once (persisted); the work is a `store-refresh` operation, so the answer (202) is
 * immediate whatever the upstream's speed. The delivery row and its operation are written in one
 * transaction: a crash never leaves a delivery marked as received without its refresh (a
 * redelivery would then be refused as a replay), nor a refresh without its delivery.
 */
import { eq, lt } from 'drizzle-orm';
import { webhookDeliveries as deliveries } from '../../db/schema.ts';
import { writeTx } from '../../db/write-tx.ts';
import type { StoreEnv } from './env.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Operation } from '../queue/types.ts';
import { enqueueRefresh } from './refresh-queue.ts';
import { readStoreSecrets } from './secrets.ts';
import { githubRepoOf } from './sources.ts';
import { checkSignature } from './webhook-signature.ts';

export const WEBHOOK_PATH = '/api/v3/webhooks/registry';
/** Delivery ids are kept this long; GitHub redelivers within days, not months. */
const KEEP_DELIVERIES_MS = 30 * 86_400_000;
const DELIVERY_ID = /^[\w.-]{1,128}$/;

type WebhookEnv = Pick<StoreEnv, 'db' | 'clock' | 'log' | 'registry' | 'queue' | 'config'>;

export interface WebhookInput {
  header(name: string): string | undefined;
  raw: Uint8Array;
}

export interface WebhookAnswer {
  status: 200 | 202;
  message: string;
  data: Record<string, unknown>;
}

function parsePayload(raw: Uint8Array, contentType: string): Record<string, unknown> {
  const text = Buffer.from(raw).toString('utf8');
  try {
    const json = /x-www-form-urlencoded/i.test(contentType) ? new URLSearchParams(text).get('payload') : text;
    const doc = JSON.parse(json ?? '') as unknown;
    if (doc && typeof doc === 'object') return doc as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new AppError('INVALID_INPUT', { message: 'Webhook payload is not a JSON object' });
}

/**
 * The refresh a push asks for: the one source hosted in the pushed repository, or every source
 * when none (or several) match.
 */
function refreshFor(
  deps: Pick<StoreEnv, 'registry'>,
  payload: Record<string, unknown>,
): { source?: string; ids: string[]; matched: boolean } {
  const repo = payload.repository as Record<string, unknown> | undefined;
  const url = String(repo?.html_url ?? (repo?.full_name ? `https://github.com/${String(repo.full_name)}` : ''));
  const gh = githubRepoOf(url);
  const remote = deps.registry.sources().filter((s) => s.def.kind !== 'builtin' && !s.def.invalid);
  const hits = gh ? remote.filter((s) => s.def.github?.owner === gh.owner && s.def.github.repo === gh.repo) : [];
  if (hits.length === 1) return { source: hits[0]!.def.id, ids: [hits[0]!.def.id], matched: true };
  return { ids: deps.registry.sources().map((s) => s.def.id), matched: hits.length > 0 };
}

type Recorded = { first: true; operation: Operation | null } | { first: false; operationId: string | null };

/**
 * Records the delivery and, for a push, queues its refresh, atomically (the queue's own
 * transaction nests as a savepoint); a delivery id already recorded is a replay and changes nothing.
 */
function recordDelivery(deps: WebhookEnv, id: string, event: string, refresh: { source?: string } | null): Recorded {
  return writeTx(deps.db.sqlite, (): Recorded => {
    const now = deps.clock.now();
    const inserted = deps.db.orm
      .insert(deliveries)
      .values({ deliveryId: id, event, receivedAt: now })
      .onConflictDoNothing()
      .run();
    if (!inserted.changes) return { first: false, operationId: seenBefore(deps, id) ?? null };
    const operation = refresh ? enqueueRefresh(deps, refresh.source, 'webhook').operation : null;
    if (operation) {
      deps.db.orm.update(deliveries).set({ operationId: operation.id }).where(eq(deliveries.deliveryId, id)).run();
    }
    deps.db.orm
      .delete(deliveries)
      .where(lt(deliveries.receivedAt, now - KEEP_DELIVERIES_MS))
      .run();
    return { first: true, operation };
  });
}

/** The operation id a recorded delivery started (null for one that started none); undefined when not recorded. */
function seenBefore(deps: Pick<StoreEnv, 'db'>, id: string): string | null | undefined {
  const row = deps.db.orm.select().from(deliveries).where(eq(deliveries.deliveryId, id)).get();
  return row ? row.operationId : undefined;
}

const duplicate = (delivery: string, operationId: string | null): WebhookAnswer => ({
  status: 200,
  message: 'Delivery already received',
  data: { delivery_id: delivery, duplicate: true, operation_id: operationId },
});

function verify(deps: WebhookEnv, input: WebhookInput): void {
  const secret = readStoreSecrets(deps).webhookSecret;
  if (!secret) {
    throw new AppError('NOT_FOUND', { message: `No route for POST ${WEBHOOK_PATH}`, context: { path: WEBHOOK_PATH } });
  }
  const check = checkSignature(secret, input.raw, input.header('x-hub-signature-256'));
  if (check === 'ok') return;
  deps.log.warn('registry webhook refused', {
    reason: `signature ${check}`,
    event: input.header('x-github-event') ?? null,
    delivery: input.header('x-github-delivery') ?? null,
  });
  throw new AppError('UNAUTHORIZED', {
    message: check === 'missing' ? 'Missing X-Hub-Signature-256 header' : 'Invalid X-Hub-Signature-256 signature',
    fixes: ['Use the same secret in the GitHub webhook and in config_secrets.json (github.webhook_secret)'],
  });
}

export function receiveRegistryWebhook(deps: WebhookEnv, input: WebhookInput): WebhookAnswer {
  verify(deps, input);
  const event = input.header('x-github-event') ?? '';
  if (event === 'ping') return { status: 200, message: 'pong', data: { event } };
  const delivery = input.header('x-github-delivery') ?? '';
  if (!DELIVERY_ID.test(delivery)) {
    throw new AppError('INVALID_INPUT', {
      message: 'Missing or malformed X-GitHub-Delivery header',
      context: { received: delivery || null },
    });
  }
  const known = seenBefore(deps, delivery);
  if (known !== undefined) return duplicate(delivery, known);
  if (event !== 'push') {
    const r = recordDelivery(deps, delivery, event, null);
    if (!r.first) return duplicate(delivery, r.operationId);
    return {
      status: 200,
      message: `Event "${event}" ignored; only push events refresh the registry`,
      data: { event, handled: false },
    };
  }
  // Parsed before anything is recorded: a malformed payload is refused and leaves no trace.
  const payload = parsePayload(input.raw, input.header('content-type') ?? '');
  const { source, ids, matched } = refreshFor(deps, payload);
  const r = recordDelivery(deps, delivery, event, { source });
  if (!r.first) return duplicate(delivery, r.operationId);
  const op = r.operation!;
  return {
    status: 202,
    message: 'Registry refresh queued',
    data: { operation_id: op.id, status: op.status, delivery_id: delivery, sources: ids, matched },
  };
}
