/**
 * "Fresh or fail" for callers that must know the truth (an install, a repair): every source is
 * brought up to date (within its TTL) by one attempt of its refresh operation, or the call fails
 * with REGISTRY_UNAVAILABLE — never stale data presented as current. Sources backing off (their
 * refresh waits for a retry) are not hammered: they fail at once with their next attempt time.
 */
import { AppError } from '../platform/errors/app-error.ts';
import { isFresh } from './cache.ts';
import { buildCatalog, resolveEntry, type Catalog } from './catalog.ts';
import type { StoreEnv } from './env.ts';
import type { RegistryEntry } from './registry-format.ts';
import { activeRefresh, awaitRefresh, retryAt } from './refresh-queue.ts';
import type { SourceState } from './service.ts';

export type FreshEnv = Pick<StoreEnv, 'registry' | 'queue' | 'clock' | 'settings' | 'log'>;

interface Unavailable {
  source: string;
  code: string | null;
  message: string | null;
  next_attempt_at: string | null;
}

function unavailableSource(env: FreshEnv, s: SourceState): Unavailable {
  const next = retryAt(activeRefresh(env, s.def.id), env.clock.now());
  return {
    source: s.def.id,
    code: s.def.invalid ? 'URL_NOT_ALLOWED' : (s.row?.lastErrorCode ?? null),
    message: s.def.invalid ?? s.row?.lastError ?? null,
    next_attempt_at: next === null ? null : new Date(next).toISOString(),
  };
}

async function freshen(env: FreshEnv, signal?: AbortSignal): Promise<{ fresh: SourceState[]; failed: Unavailable[] }> {
  const failed: Unavailable[] = [];
  const fresh: SourceState[] = [];
  await Promise.all(
    env.registry.sources().map(async (s) => {
      if (s.def.kind === 'builtin') return fresh.push(s);
      if (!s.def.invalid && !isFresh(s.row, env.clock.now())) await awaitRefresh(env, s.def.id, signal);
      const now = env.registry.source(s.def.id) ?? s;
      if (!now.def.invalid && isFresh(now.row, env.clock.now())) return fresh.push(now);
      failed.push(unavailableSource(env, now));
    }),
  );
  return { fresh, failed };
}

function unavailable(env: FreshEnv, failed: Unavailable[]): AppError {
  const next = failed.map((f) => (f.next_attempt_at ? Date.parse(f.next_attempt_at) : 0)).filter(Boolean);
  const waitS = next.length ? Math.max(1, Math.ceil((Math.min(...next) - env.clock.now()) / 1000)) : 60;
  return new AppError('REGISTRY_UNAVAILABLE', {
    message: `Registry source${failed.length > 1 ? 's' : ''} unavailable: ${failed.map((f) => f.source).join(', ')}`,
    context: { sources: failed },
    headers: { 'Retry-After': String(waitS) },
  });
}

/** The catalog, with every source fresh; REGISTRY_UNAVAILABLE when any source cannot be. */
export async function freshCatalog(env: FreshEnv, opts: { signal?: AbortSignal } = {}): Promise<Catalog> {
  const { failed } = await freshen(env, opts.signal);
  if (failed.length) throw unavailable(env, failed);
  return env.registry.catalog();
}

/**
 * One entry from fresh data only. Found in a fresh source (and no unavailable source ranks above
 * it) → the entry; absent from every source and all are fresh → PLUGIN_NOT_FOUND (terminal);
 * absent and some source unavailable → REGISTRY_UNAVAILABLE (transient: it may be in the source
 * we could not read).
 */
export async function lookupFresh(
  env: FreshEnv,
  id: string,
  opts: { signal?: AbortSignal } = {},
): Promise<RegistryEntry> {
  const { fresh, failed } = await freshen(env, opts.signal);
  const order = new Map(env.registry.sources().map((s, i) => [s.def.id, i]));
  fresh.sort((a, b) => order.get(a.def.id)! - order.get(b.def.id)!);
  const hit = resolveEntry(buildCatalog(fresh.map((s) => s.parsed?.entries ?? [])), id);
  // A source that failed but ranks above the hit might hold a different entry with this id.
  const shadowable = hit && failed.some((f) => order.get(f.source)! < order.get(hit.source)!);
  if (hit && !shadowable) return hit;
  if (failed.length) throw unavailable(env, failed);
  throw new AppError('PLUGIN_NOT_FOUND', {
    message: `Plugin ${id} is not in any registry source`,
    context: { plugin_id: id },
  });
}
