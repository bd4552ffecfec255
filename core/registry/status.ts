/**
 * `store/status`: per source, what is cached, how fresh, what failed, when the next attempt is and
 * which refresh operation is under way. Past refreshes are in the operation history
 * (`GET /api/v3/plugins/operation/history`, kind `store-refresh`).
 */
import { isFresh } from './cache.ts';
import type { StoreEnv } from './env.ts';
import { activeRefresh, retryAt } from './refresh-queue.ts';
import type { SourceState } from './service.ts';

type StatusEnv = Pick<StoreEnv, 'registry' | 'queue' | 'clock'>;

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

function sourceStatus(env: StatusEnv, { def, row, parsed }: SourceState, now: number) {
  const active = def.kind === 'builtin' ? null : activeRefresh(env, def.id);
  // A refresh waiting for its retry is no work under way: only its time shows, as the next attempt.
  const retry = retryAt(active, now);
  const refresh = retry === null ? active : null;
  return {
    id: def.id,
    name: def.name,
    kind: def.kind,
    origin: def.origin,
    location: def.location,
    resolved_url: row?.url ?? null,
    entries: parsed?.entries.length ?? 0,
    skipped: parsed?.skipped ?? [],
    registry_version: parsed?.version ?? null,
    registry_last_updated: parsed?.last_updated ?? null,
    has_copy: def.kind === 'builtin' || !!parsed,
    fresh: def.kind === 'builtin' || isFresh(row, now),
    fetched_at: iso(row?.fetchedAt),
    expires_at: iso(row?.expiresAt),
    last_attempt_at: iso(row?.attemptedAt),
    last_success_at: iso(row?.fetchedAt),
    failures: row?.failures ?? 0,
    last_error: def.invalid
      ? { code: 'URL_NOT_ALLOWED', message: def.invalid, at: null }
      : row?.lastErrorCode
        ? { code: row.lastErrorCode, message: row.lastError, at: iso(row.lastErrorAt) }
        : null,
    // Otherwise the copy is next fetched when it expires.
    next_attempt_at: iso(retry ?? row?.expiresAt),
    refreshing: refresh?.status === 'running',
    refresh_operation: refresh
      ? { operation_id: refresh.id, status: refresh.status, requested_by: refresh.requestedBy }
      : null,
  };
}

export function storeStatus(env: StatusEnv) {
  const now = env.clock.now();
  const catalog = env.registry.catalog();
  const sources = env.registry.sources().map((s) => sourceStatus(env, s, now));
  return { sources, plugins: catalog.entries.length, shadowed: catalog.shadowed };
}
