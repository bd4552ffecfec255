/**
 * GitHub enrichment, the `github-enrich` operation (scheduled, and asked for after a refresh that
 * changed something): fetches the facts (stars, last commit) of registry entries whose cached
 * facts expired, oldest first, a few at a time, with conditional requests. It stops as soon as
 * GitHub asks it to wait (Retry-After, an exhausted limit) or the budget reaches its reserve, and
 * picks up where it stopped on the next run. Browsing never waits for it.
 */
import { AppError } from '../../platform/errors/app-error.ts';
import { describeError } from '../../platform/errors/redact.ts';
import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff.ts';
import { runPool } from '../../platform/pool.ts';
import { isFresh, readRow, recordConfirmed, recordFailure, type CacheRow } from '../cache.ts';
import type { StoreEnv } from '../env.ts';
import { readStoreSecrets } from '../secrets.ts';
import { githubGet } from './client.ts';
import { factTargets, reduceFacts, type FactTarget } from './facts.ts';
import { mayCall, saveRateState } from './rate.ts';

export const GITHUB_ENRICH_KIND = 'github-enrich';

/** Per fact, after its failures: 5 min, 10 min, ... capped at 6 h, from the last attempt. */
const FACT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 5 * 60_000, factor: 2, capMs: 6 * 3_600_000, jitter: 0 });

/** A fact that failed waits its backoff from its last attempt (GitHub's own refusals block every call instead). */
const waiting = (row: CacheRow | null, now: number) =>
  !!row?.failures && (row.attemptedAt ?? 0) + backoffDelay(row.failures, FACT_BACKOFF) > now;

type EnrichEnv = Pick<StoreEnv, 'registry' | 'db' | 'clock' | 'settings' | 'log' | 'http' | 'config'>;

export interface EnrichResult {
  targets: number;
  due: number;
  fetched: number;
  not_modified: number;
  missing: number;
  failed: number;
  /** Why the run stopped early, if it did. */
  stopped: string | null;
}

function dueTargets(deps: EnrichEnv): { all: FactTarget[]; due: FactTarget[] } {
  const now = deps.clock.now();
  const all = factTargets(deps.registry.catalog().entries);
  const rows = new Map(all.map((t) => [t.key, readRow(deps.db, t.key)]));
  const due = all
    .filter((t) => !isFresh(rows.get(t.key)!, now) && !waiting(rows.get(t.key)!, now))
    .sort((a, b) => (rows.get(a.key)?.fetchedAt ?? 0) - (rows.get(b.key)?.fetchedAt ?? 0));
  return { all, due };
}

async function enrichOne(deps: EnrichEnv, t: FactTarget, token: string | null, r: EnrichResult, signal?: AbortSignal) {
  const ttlMs = deps.settings.registry.githubTtlMs;
  const res = await githubGet(deps, t.path, { row: readRow(deps.db, t.key), token, signal });
  const now = deps.clock.now();
  const confirm = (body?: string) =>
    recordConfirmed(deps.db, t.key, {
      url: res.url,
      body,
      etag: res.headers?.get('etag'),
      lastModified: res.headers?.get('last-modified'),
      now,
      ttlMs,
    });
  try {
    if (res.kind === 'failed') throw res.error;
    if (res.kind === 'not_modified') return void (confirm(), r.not_modified++);
    const facts = res.kind === 'missing' ? null : reduceFacts(t.kind, JSON.parse(res.body));
    confirm(JSON.stringify(facts));
    deps.registry.setFact(t.key, facts);
    res.kind === 'missing' ? r.missing++ : r.fetched++;
  } catch (e) {
    const error =
      e instanceof AppError ? e : new AppError('API_ERROR', { message: describeError(e), transient: false });
    recordFailure(deps.db, t.key, { url: res.url, error, now });
    r.failed++;
    if (deps.registry.github.tokenStatus === 'invalid') r.stopped = 'GitHub refused the token';
  }
}

export async function enrichGithub(deps: EnrichEnv, opts: { signal?: AbortSignal } = {}): Promise<EnrichResult> {
  const { all, due } = dueTargets(deps);
  const r: EnrichResult = {
    targets: all.length,
    due: due.length,
    fetched: 0,
    not_modified: 0,
    missing: 0,
    failed: 0,
    stopped: null,
  };
  if (!deps.settings.github.enrich || !due.length) return r;
  const token = readStoreSecrets(deps).githubToken;
  await runPool(due, deps.settings.registry.githubConcurrency, async (t) => {
    if (r.stopped || opts.signal?.aborted) return;
    const gate = mayCall(deps.registry.github, deps.clock.now());
    if (!gate.ok) return void (r.stopped = `${gate.why}; next call after ${new Date(gate.until).toISOString()}`);
    await enrichOne(deps, t, token, r, opts.signal).catch((e) => {
      if (!opts.signal?.aborted) throw e;
    });
  });
  saveRateState(deps.db, deps.registry.github, deps.clock.now());
  deps.log.info('github enrichment', { ...r });
  return r;
}

/**
 * Asks for an enrichment run (after a refresh that changed the catalog): one pending run at most,
 * a follow-up if one is running. Never throws: facts are a nicety.
 */
export function enrichSoon(env: Pick<StoreEnv, 'settings' | 'queue' | 'log'>): void {
  if (!env.settings.github.enrich) return;
  try {
    env.queue.enqueue({ kind: GITHUB_ENRICH_KIND, key: GITHUB_ENRICH_KIND, requestedBy: 'system' });
  } catch (e) {
    env.log.warn('GitHub enrichment not queued', { error: describeError(e) });
  }
}
