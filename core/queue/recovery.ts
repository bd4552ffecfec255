import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { QueueBase } from './base.ts';
import { afterCrash } from './outcome.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { Operation } from './types.ts';

/** A runner's lease owner: host, process id and a random part, so a restarted process never passes for its predecessor. */
export const newOwner = () => `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

/**
 * Whether a lease owner is certainly gone: it ran on this host and its process id is either ours
 * (we are not it, so it died and the id was reused for us, as for pid 1 in a container) or no
 * longer exists. On another host, or if the id now belongs to some other process, only the lease's
 * expiry can tell, so the answer is false.
 */
export function ownerIsDead(owner: string, self: string): boolean {
  if (owner === self) return false;
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface RecoveryEnv {
  deps: QueueBase;
  store: QueueStore;
  registry: Registry;
  owner: string;
  /** Ids this runner is executing right now. */
  executing: ReadonlySet<string>;
  changed(type: 'retrying' | 'finished', op: Operation): void;
}

function isStale(op: Operation, env: RecoveryEnv, now: number): boolean {
  // Our own running row that we are not executing lost its bookkeeping; nothing will ever end it.
  if (op.leaseOwner === env.owner) return !env.executing.has(op.id);
  return op.leaseOwner === null || (op.leaseExpiresAt ?? 0) < now || ownerIsDead(op.leaseOwner, env.owner);
}

async function runRecoverHook(env: RecoveryEnv, op: Operation): Promise<void> {
  const executor = env.registry.get(op.kind);
  if (!executor?.recover) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(() => executor.recover!({ op, params: op.params })),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('recover hook timed out')), executor.timeoutMs).unref();
      }),
    ]);
  } catch (e) {
    env.deps.log.error('operation recover hook failed', {
      operation_id: op.id,
      kind: op.kind,
      error: (e as Error).message,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Returns running rows whose process died to the queue: the kind's `recover` hook cleans partial
 * work first, then the row is retried, failed or cancelled (see `afterCrash`) unless someone else
 * ended it meanwhile. Returns how many rows were recovered.
 */
export async function recoverStale(env: RecoveryEnv): Promise<number> {
  const stale = env.store.running().filter((op) => isStale(op, env, env.deps.clock.now()));
  let recovered = 0;
  for (const op of stale) {
    await runRecoverHook(env, op);
    const ended = env.store.tx(() => {
      const current = env.store.get(op.id);
      if (current?.status !== 'running' || current.leaseOwner !== op.leaseOwner) return null;
      const now = env.deps.clock.now();
      const t = afterCrash(current, env.store.pendingSibling(op.key), now);
      return env.store.end(op.id, op.leaseOwner, now, t, 'recovered');
    });
    if (!ended) continue;
    recovered += 1;
    env.deps.log.warn('recovered interrupted operation', {
      operation_id: op.id,
      kind: op.kind,
      status: ended.status,
      previous_owner: op.leaseOwner,
    });
    env.changed(ended.status === 'pending' ? 'retrying' : 'finished', ended);
  }
  return recovered;
}
