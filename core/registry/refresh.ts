/**
 * Refreshing one registry source, the work of a `store-refresh` operation: skipped while fresh
 * (unless forced), otherwise a conditional fetch whose outcome is recorded in the persistent cache
 * and applied to the store. A failure of any kind keeps the last good document; when the source is
 * tried again is the operation's retry (./refresh-executor.ts), at least as late as the upstream's
 * Retry-After. Only the queue calls this: the per-key rule keeps one refresh per source at a time.
 */
import { AppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import type { BackoffPolicy } from '../../shared/backoff.ts';
import { scanBuiltin } from './builtin.ts';
import { isFresh, recordConfirmed, recordFailure, type Confirmed } from './cache.ts';
import type { StoreEnv } from './env.ts';
import { fetchSource } from './fetch-source.ts';
import { parseRegistry, type ParsedRegistry } from './registry-format.ts';
import type { SourceState } from './service.ts';
import { sourceKey } from './sources.ts';

/** 30 s, 1 min, 2 min, ... capped at 30 min (then up to 20% less, jittered): a failing source's retries. */
export const REGISTRY_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 30_000,
  factor: 2,
  capMs: 30 * 60_000,
  jitter: 0.2,
});

export const REFRESH_OUTCOMES = ['updated', 'not_modified', 'fresh', 'failed', 'invalid', 'scanned'] as const;
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
  /** How long the upstream asked to wait before the next attempt (Retry-After), when it failed. */
  retry_after_ms: number | null;
  /** When the source is tried again after a failure (its retry operation), when known. */
  next_attempt_at: string | null;
}

export const REFRESH_REASONS = ['refresh', 'webhook'] as const;
export type RefreshReason = (typeof REFRESH_REASONS)[number];

export interface RefreshOptions {
  signal?: AbortSignal;
  /** Ignore freshness (every refresh operation forces: it is only asked for when due or wanted). */
  force?: boolean;
  /** Why, as told in `registry.changed` (default 'refresh'). */
  reason?: RefreshReason;
}

export type RefreshEnv = Pick<StoreEnv, 'registry' | 'db' | 'clock' | 'settings' | 'log' | 'http' | 'events'>;

/** Tells the reconciler (and the UI) that a registry document's content changed; never for a 304. */
function announce(env: Pick<StoreEnv, 'events'>, source: string, reason: RefreshReason = 'refresh') {
  env.events.publish('registry.changed', { source, reason });
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
    retry_after_ms: null,
    next_attempt_at: null,
    ...extra,
  };
}

function fail(env: RefreshEnv, s: SourceState, url: string | null, error: unknown, retryAfterMs: number | null) {
  const row = recordFailure(env.db, sourceKey(s.def.id), { url, error, now: env.clock.now() });
  env.registry.update(s.def.id, { row });
  env.log.warn('registry source failed', {
    source: s.def.id,
    error: describeError(error),
    failures: row.failures,
    has_copy: s.parsed !== null,
  });
  return outcomeOf({ ...s, row }, 'failed', { retry_after_ms: retryAfterMs });
}

async function fetchAndRecord(env: RefreshEnv, s: SourceState, opts: RefreshOptions): Promise<RefreshOutcome> {
  const key = sourceKey(s.def.id);
  const ttlMs = env.settings.registry.ttlMs;
  const result = await fetchSource(env, s.def, s.row, opts.signal);
  if (result.kind === 'failed') return fail(env, s, result.url, result.error, result.retryAfterMs);
  if (result.kind === 'missing') return fail(env, s, result.url, new AppError('API_ERROR'), null);
  const confirm = (content: Pick<Confirmed, 'body' | 'etag' | 'lastModified'> = {}) =>
    recordConfirmed(env.db, key, { url: result.url, now: env.clock.now(), ttlMs, ...content });
  if (result.kind === 'not_modified') {
    const row = confirm();
    env.registry.update(s.def.id, { row });
    return outcomeOf({ ...s, row }, 'not_modified');
  }
  const validators = { etag: result.headers.get('etag'), lastModified: result.headers.get('last-modified') };
  // A 200 with the body already held (a server without validators) is no change.
  if (s.parsed && s.row?.body === result.body) {
    const row = confirm({ body: result.body, ...validators });
    env.registry.update(s.def.id, { row });
    return outcomeOf({ ...s, row }, 'not_modified');
  }
  let parsed: ParsedRegistry;
  try {
    parsed = parseRegistry(result.body, s.def.id);
  } catch (e) {
    return fail(env, s, result.url, e, null);
  }
  const row = confirm({ body: result.body, ...validators });
  if (parsed.skipped.length) {
    env.log.warn('registry entries skipped', { source: s.def.id, skipped: parsed.skipped.slice(0, 10) });
  }
  const changes = versionChanges(s.parsed, parsed);
  env.registry.update(s.def.id, { row, parsed });
  announce(env, s.def.id, opts.reason);
  return outcomeOf({ ...s, row, parsed }, 'updated', { changed: true, version_changes: changes });
}

function rescanBuiltin(env: RefreshEnv, s: SourceState, opts: RefreshOptions): RefreshOutcome {
  const parsed = scanBuiltin(s.def.location);
  if (JSON.stringify(parsed.entries) === JSON.stringify(s.parsed?.entries ?? [])) return outcomeOf(s, 'scanned');
  const changes = versionChanges(s.parsed, parsed);
  env.registry.update(s.def.id, { parsed });
  announce(env, s.def.id, opts.reason);
  return outcomeOf({ ...s, parsed }, 'scanned', { changed: true, version_changes: changes });
}

/** Refreshes one source by id; throws NOT_FOUND for an unknown id. */
export async function refreshSource(
  env: RefreshEnv,
  sourceId: string,
  opts: RefreshOptions = {},
): Promise<RefreshOutcome> {
  const s = env.registry.source(sourceId);
  if (!s) {
    throw new AppError('NOT_FOUND', {
      message: `No registry source ${sourceId}`,
      context: { source: sourceId, sources: env.registry.sources().map((x) => x.def.id) },
    });
  }
  if (s.def.invalid) return outcomeOf(s, 'invalid', { error: { code: 'URL_NOT_ALLOWED', message: s.def.invalid } });
  if (s.def.kind === 'builtin') return rescanBuiltin(env, s, opts);
  if (!opts.force && isFresh(s.row, env.clock.now())) return outcomeOf(s, 'fresh');
  return fetchAndRecord(env, s, opts);
}
