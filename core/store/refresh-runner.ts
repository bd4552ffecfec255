/**
 * INTERIM: runs `store-refresh` operations in this process until the operation queue exists.
 * Requests are de-duplicated (an identical pending request returns the same id), run one at a
 * time in the background, and kept (the last 50) for `GET /api/v3/plugins/store/status`. Nothing
 * here survives a restart. When the queue lands, register `storeRefreshExecutor` under
 * `STORE_REFRESH_KIND`, make `enqueueStoreRefresh` call the queue's enqueue, and delete the rest
 * of this file (and `jobs` in service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { isAppError } from '../errors/app-error.ts';
import { describeError } from '../errors/redact.ts';
import { STORE_REFRESH_KIND, storeRefreshExecutor, type StoreRefreshParams } from './refresh-executor.ts';

export const REQUESTERS = ['api', 'webhook', 'schedule'] as const;
type Requester = (typeof REQUESTERS)[number];

export interface RefreshJob {
  operation_id: string;
  operation_type: typeof STORE_REFRESH_KIND;
  status: 'pending' | 'running' | 'completed' | 'failed';
  requested_by: Requester;
  params: StoreRefreshParams;
  progress: number;
  stage: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  result: unknown;
  error: { code: string; message: string } | null;
}

export interface RefreshJobs {
  jobs: RefreshJob[];
  running: boolean;
}

const KEEP = 50;

export const createRefreshJobs = (): RefreshJobs => ({ jobs: [], running: false });

const sameRequest = (a: StoreRefreshParams, b: StoreRefreshParams) =>
  JSON.stringify([[...(a.source_ids ?? [])].sort(), a.force ?? true]) ===
  JSON.stringify([[...(b.source_ids ?? [])].sort(), b.force ?? true]);

async function runJob(deps: Deps, job: RefreshJob): Promise<void> {
  const iso = () => new Date(deps.clock.now()).toISOString();
  Object.assign(job, { status: 'running', started_at: iso() });
  try {
    job.result = await storeRefreshExecutor(deps, job.params, deps.store.signal, (fraction, stage) =>
      Object.assign(job, { progress: fraction, stage }),
    );
    job.status = 'completed';
  } catch (e) {
    job.status = 'failed';
    job.error = { code: isAppError(e) ? e.code : 'UNKNOWN_ERROR', message: describeError(e) };
    deps.log.warn('store refresh failed', { operation_id: job.operation_id, error: job.error });
  }
  job.completed_at = iso();
}

async function drain(deps: Deps, q: RefreshJobs): Promise<void> {
  if (q.running) return;
  q.running = true;
  try {
    for (let job = q.jobs.find((j) => j.status === 'pending'); job; job = q.jobs.find((j) => j.status === 'pending')) {
      await runJob(deps, job);
    }
  } finally {
    q.running = false;
  }
}

/** Drops the oldest finished runs beyond the limit; a pending or running one is never dropped. */
function prune(q: RefreshJobs): void {
  while (q.jobs.length > KEEP) {
    const i = q.jobs.findIndex((j) => j.status === 'completed' || j.status === 'failed');
    if (i < 0) return;
    q.jobs.splice(i, 1);
  }
}

/** Requests a store refresh; answers at once with the operation id (the work runs in the background). */
export function enqueueStoreRefresh(
  deps: Deps,
  params: StoreRefreshParams,
  requestedBy: Requester,
): { operation_id: string; status: RefreshJob['status']; coalesced: boolean } {
  const q = deps.store.jobs;
  const same = q.jobs.find((j) => j.status === 'pending' && sameRequest(j.params, params));
  if (same) return { operation_id: same.operation_id, status: same.status, coalesced: true };
  const job: RefreshJob = {
    operation_id: randomUUID(),
    operation_type: STORE_REFRESH_KIND,
    status: 'pending',
    requested_by: requestedBy,
    params,
    progress: 0,
    stage: null,
    created_at: new Date(deps.clock.now()).toISOString(),
    started_at: null,
    completed_at: null,
    result: null,
    error: null,
  };
  q.jobs.push(job);
  prune(q);
  // Answered as the queue would: the row exists and is pending; running it is the runner's business.
  deps.store.background('store refresh', drain(deps, q));
  return { operation_id: job.operation_id, status: 'pending', coalesced: false };
}

/** The runs kept in memory, newest first. */
export const refreshHistory = (deps: Deps): RefreshJob[] => [...deps.store.jobs.jobs].reverse();
