/**
 * Refreshing one registry source: skipped while fresh or backing off (unless forced), otherwise a
 * conditional fetch whose outcome is recorded in the persistent cache and applied to the store.
 * A failure of any kind keeps the last good document and backs off (capped, persisted, at least as
 * long as the upstream's Retry-After). Concurrent calls for one source share a single fetch.
 */
import type { Deps } from '../deps.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';
import { scanBuiltin } from './builtin.ts';
import { inBackoff, isFresh, recordConfirmed, recordFailure, type Confirmed } from './cache.ts';
import { fetchSource } from './fetch-source.ts';
import { parseRegistry, type ParsedRegistry } from './registry-format.ts';
import type { SourceState } from './service.ts';
import { sourceKey } from './sources.ts';

/** 30 s, 1 min, 2 min, ... capped at 30 min (then ±20% jitter down), per source. */
export const REGISTRY_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 30_000,
  factor: 2,
  capMs: 30 * 60_000,
  jitter: 0.2,
});

export const REFRESH_OUTCOMES = [
  'updated',
  'not_modified',
  'fresh',
  'backoff',
  'failed',
  'invalid',
  'scanned',
] as const;
export type RefreshOutcomeKind = (typeof REFRESH_OUTCOMES)[number];

export interface RefreshOutcome {
  source_id: string;
  outcome: RefreshOutcomeKind;
  /** The source's content changed (a new document, or first-party manifests that differ). */
  changed: boolean;
  entries: number;
  skipped: number;
  /** Registry entries whose `latest_version` changed (update availability depends on these). */
  version_changes: Array<{ id: string; from: string | null; to: string | null }>;
  error: { code: string; message: string } | null;
  next_attempt_at: string | null;
}

export const REFRESH_REASONS = ['refresh', 'webhook'] as const;
export type RefreshReason = (typeof REFRESH_REASONS)[number];

export interface RefreshOptions {
  signal?: AbortSignal;
  /** Ignore freshness and backoff (an explicit refresh or a webhook). */
  force?: boolean;
  /** Why, as told in `registry.changed` (default 'refresh'). */
  reason?: RefreshReason;
}

/** Tells the reconciler (and the UI) that a registry document's content changed; never for a 304. */
function announce(deps: Deps, source: string, reason: RefreshReason = 'refresh') {
  deps.events.publish('registry.changed', { source, reason });
}

function versionChanges(before: ParsedRegistry | null, after: ParsedRegistry) {
  const old = new Map((before?.entries ?? []).map((e) => [e.id, e.latest_version]));
  const out: RefreshOutcome['version_changes'] = [];
  for (const e of after.entries) {
    const from = old.get(e.id) ?? null;
    if (from !== e.latest_version) out.push({ id: e.id, from, to: e.latest_version });
  }
  return out;
}

function outcomeOf(s: SourceState, outcome: RefreshOutcomeKind, extra: Partial<RefreshOutcome> = {}): RefreshOutcome {
  const row = s.row;
  return {
    source_id: s.def.id,
    outcome,
    changed: false,
    entries: s.parsed?.entries.length ?? 0,
    skipped: s.parsed?.skipped.length ?? 0,
    version_changes: [],
    error: row?.lastErrorCode && row.failures > 0 ? { code: row.lastErrorCode, message: row.lastError ?? '' } : null,
    next_attempt_at: row?.backoffUntil ? new Date(row.backoffUntil).toISOString() : null,
    ...extra,
  };
}

function fail(deps: Deps, s: SourceState, url: string | null, error: unknown, retryAfterMs: number | null) {
  const now = deps.clock.now();
  const row = recordFailure(deps.db, sourceKey(s.def.id), {
    url,
    error,
    now,
    backoffMs: (n) => Math.max(backoffDelay(n, REGISTRY_BACKOFF, Math.random()), retryAfterMs ?? 0),
  });
  deps.registry.update(s.def.id, { row });
  deps.log.warn('registry source failed', {
    source: s.def.id,
    error: describeError(error),
    failures: row.failures,
    next_attempt_at: new Date(row.backoffUntil!).toISOString(),
    has_copy: s.parsed !== null,
  });
  return outcomeOf({ ...s, row }, 'failed');
}

async function fetchAndRecord(deps: Deps, s: SourceState, opts: RefreshOptions): Promise<RefreshOutcome> {
  const key = sourceKey(s.def.id);
  const ttlMs = deps.settings.registry.ttlMs;
  const result = await fetchSource(deps, s.def, s.row, opts.signal);
  if (result.kind === 'failed') return fail(deps, s, result.url, result.error, result.retryAfterMs);
  if (result.kind === 'missing') return fail(deps, s, result.url, new AppError('API_ERROR'), null);
  const confirm = (content: Pick<Confirmed, 'body' | 'etag' | 'lastModified'> = {}) =>
    recordConfirmed(deps.db, key, { url: result.url, now: deps.clock.now(), ttlMs, ...content });
  if (result.kind === 'not_modified') {
    const row = confirm();
    deps.registry.update(s.def.id, { row });
    return outcomeOf({ ...s, row }, 'not_modified');
  }
  const validators = { etag: result.headers.get('etag'), lastModified: result.headers.get('last-modified') };
  // A 200 with the body already held (a server without validators) is no change.
  if (s.parsed && s.row?.body === result.body) {
    const row = confirm({ body: result.body, ...validators });
    deps.registry.update(s.def.id, { row });
    return outcomeOf({ ...s, row }, 'not_modified');
  }
  let parsed: ParsedRegistry;
  try {
    parsed = parseRegistry(result.body, s.def.id);
  } catch (e) {
    return fail(deps, s, result.url, e, null);
  }
  const row = confirm({ body: result.body, ...validators });
  if (parsed.skipped.length) {
    deps.log.warn('registry entries skipped', { source: s.def.id, skipped: parsed.skipped.slice(0, 10) });
  }
  const changes = versionChanges(s.parsed, parsed);
  deps.registry.update(s.def.id, { row, parsed });
  announce(deps, s.def.id, opts.reason);
  return outcomeOf({ ...s, row, parsed }, 'updated', { changed: true, version_changes: changes });
}

async function refreshState(deps: Deps, s: SourceState, opts: RefreshOptions): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  if (s.def.invalid) {
    return outcomeOf(s, 'invalid', { error: { code: 'URL_NOT_ALLOWED', message: s.def.invalid } });
  }
  if (s.def.kind === 'builtin') {
    const parsed = scanBuiltin(s.def.location);
    if (JSON.stringify(parsed.entries) === JSON.stringify(s.parsed?.entries ?? [])) return outcomeOf(s, 'scanned');
    const changes = versionChanges(s.parsed, parsed);
    deps.registry.update(s.def.id, { parsed });
    announce(deps, s.def.id, opts.reason);
    return outcomeOf({ ...s, parsed }, 'scanned', { changed: true, version_changes: changes });
  }
  if (!opts.force && isFresh(s.row, now)) return outcomeOf(s, 'fresh');
  if (!opts.force && inBackoff(s.row, now)) return outcomeOf(s, 'backoff');
  return fetchAndRecord(deps, s, opts);
}

/** Refreshes one source by id; throws NOT_FOUND for an unknown id. */
export async function refreshSource(deps: Deps, sourceId: string, opts: RefreshOptions = {}): Promise<RefreshOutcome> {
  if (!deps.registry.source(sourceId)) {
    throw new AppError('NOT_FOUND', {
      message: `No registry source ${sourceId}`,
      context: { source: sourceId, sources: deps.registry.sources().map((s) => s.def.id) },
    });
  }
  // The state is read inside the flight, so a caller that joins late still acts on current data.
  return deps.registry.singleFlight(sourceKey(sourceId), () =>
    refreshState(deps, deps.registry.source(sourceId)!, opts),
  );
}

/** Refreshes every source (in parallel; each one bounded by the outbound timeouts). */
export function refreshAll(deps: Deps, opts: RefreshOptions = {}): Promise<RefreshOutcome[]> {
  return Promise.all(deps.registry.sources().map((s) => refreshSource(deps, s.def.id, opts)));
}
