/**
 * `store/status`: per source, what is cached, how fresh, what failed, when the next attempt is and
 * which refresh operation is under way. Past refreshes are in the operation history
 * (`GET /api/v3/plugins/operation/history`, kind `store-refresh`).
 */
import type { Deps } from '../deps.ts';
import { inBackoff, isFresh } from './cache.ts';
import { storeRefreshKey } from './refresh-executor.ts';
import { activeRefresh } from './refresh-queue.ts';
import type { SourceState } from './service.ts';
import { sourceKey } from './sources.ts';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

function refreshOf(deps: Deps, sourceId: string) {
  const op = activeRefresh(deps, storeRefreshKey(sourceId)) ?? activeRefresh(deps, storeRefreshKey());
  return op ? { operation_id: op.id, status: op.status, requested_by: op.requestedBy } : null;
}

function sourceStatus(deps: Deps, { def, row, parsed }: SourceState, now: number) {
  const refresh = refreshOf(deps, def.id);
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
    next_attempt_at: inBackoff(row, now) ? iso(row!.backoffUntil) : iso(row?.expiresAt),
    refreshing: deps.registry.inflight(sourceKey(def.id)) || refresh?.status === 'running',
    refresh_operation: refresh,
  };
}

export function storeStatus(deps: Deps) {
  const now = deps.clock.now();
  const catalog = deps.registry.catalog();
  const sources = deps.registry.sources().map((s) => sourceStatus(deps, s, now));
  return { sources, plugins: catalog.entries.length, shadowed: catalog.shadowed };
}
