/**
 * The registry webhook (GitHub `push` on a registry repository). Off — an ordinary 404 — unless a
 * secret is configured; the signature is checked on the raw bytes before any parsing; a delivery
 * id is accepted once (persisted); the work is a `store-refresh` operation, so the answer (202) is
 * immediate whatever the upstream's speed.
 */
import { eq, lt } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { enqueueStoreRefresh } from './refresh-runner.ts';
import { readStoreSecrets } from './secrets.ts';
import { githubRepoOf } from './sources.ts';
import { checkSignature } from './webhook-signature.ts';

export const WEBHOOK_PATH = '/api/v3/webhooks/registry';
/** Delivery ids are kept this long; GitHub redelivers within days, not months. */
const KEEP_DELIVERIES_MS = 30 * 86_400_000;
const DELIVERY_ID = /^[\w.-]{1,128}$/;

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

/** Registry sources hosted in the pushed repository; every remote source when none matches. */
function sourcesFor(deps: Deps, payload: Record<string, unknown>): { ids: string[]; matched: boolean } {
  const repo = payload.repository as Record<string, unknown> | undefined;
  const url = String(repo?.html_url ?? (repo?.full_name ? `https://github.com/${String(repo.full_name)}` : ''));
  const gh = githubRepoOf(url);
  const remote = deps.store.sources().filter((s) => s.def.kind !== 'builtin' && !s.def.invalid);
  const hits = gh ? remote.filter((s) => s.def.github?.owner === gh.owner && s.def.github.repo === gh.repo) : [];
  return { ids: (hits.length ? hits : remote).map((s) => s.def.id), matched: hits.length > 0 };
}

/** Records the delivery id; false when it was already recorded (a replay). */
function firstDelivery(deps: Deps, id: string, event: string): { first: boolean; operationId: string | null } {
  const now = deps.clock.now();
  const inserted = deps.db.orm
    .insert(webhookDeliveries)
    .values({ deliveryId: id, event, receivedAt: now })
    .onConflictDoNothing()
    .run();
  if (inserted.changes) {
    deps.db.orm
      .delete(webhookDeliveries)
      .where(lt(webhookDeliveries.receivedAt, now - KEEP_DELIVERIES_MS))
      .run();
    return { first: true, operationId: null };
  }
  const row = deps.db.orm.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, id)).get();
  return { first: false, operationId: row?.operationId ?? null };
}

function verify(deps: Deps, input: WebhookInput): void {
  const secret = readStoreSecrets(deps.settings.configDir).webhookSecret;
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

export function receiveRegistryWebhook(deps: Deps, input: WebhookInput): WebhookAnswer {
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
  const seen = firstDelivery(deps, delivery, event);
  if (!seen.first) {
    return {
      status: 200,
      message: 'Delivery already received',
      data: { delivery_id: delivery, duplicate: true, operation_id: seen.operationId },
    };
  }
  if (event !== 'push') {
    return {
      status: 200,
      message: `Event "${event}" ignored; only push events refresh the registry`,
      data: { event, handled: false },
    };
  }
  const payload = parsePayload(input.raw, input.header('content-type') ?? '');
  const { ids, matched } = sourcesFor(deps, payload);
  const op = enqueueStoreRefresh(
    deps,
    { source_ids: ids, force: true, trigger: 'webhook', delivery_id: delivery },
    'webhook',
  );
  deps.db.orm
    .update(webhookDeliveries)
    .set({ operationId: op.operation_id })
    .where(eq(webhookDeliveries.deliveryId, delivery))
    .run();
  return {
    status: 202,
    message: 'Registry refresh queued',
    data: { operation_id: op.operation_id, status: op.status, delivery_id: delivery, sources: ids, matched },
  };
}
