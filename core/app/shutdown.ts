import type { Logger } from '../platform/log.ts';
import type { Lifecycle } from '../platform/lifecycle.ts';

export interface ShutdownPlan {
  lifecycle: Lifecycle;
  log: Logger;
  graceMs: number;
  abortMs: number;
  /** Waits for in-flight background work (e.g. running operations); called in phase 1 with the time left. */
  drainWork?: Array<(timeoutMs: number) => Promise<unknown>>;
  /** Closes what remains, in order (server, tasks, child processes, database). */
  close: Array<() => unknown | Promise<unknown>>;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

/**
 * Two-phase shutdown. Phase 1: refuse new mutations and let in-flight requests and work finish
 * within the grace period. Phase 2: abort what remains through the lifecycle's signal and wait a
 * second, bounded period. Phase 3: close everything (the database last, after a checkpoint).
 * Nothing answered 2xx is undone: aborted work rolls itself back before it answers.
 */
export async function runShutdown(plan: ShutdownPlan, reason: string): Promise<void> {
  const { lifecycle, log } = plan;
  const started = performance.now();
  log.info('shutdown: draining', { reason, inflight: lifecycle.inflight, grace_ms: plan.graceMs });
  lifecycle.beginDrain();
  const drained = await within(
    Promise.all([lifecycle.idle(plan.graceMs), ...(plan.drainWork ?? []).map((d) => d(plan.graceMs))]),
    plan.graceMs,
  );
  if (drained === 'timeout' || lifecycle.inflight > 0) {
    log.warn('shutdown: grace period over, aborting remaining work', { inflight: lifecycle.inflight });
    lifecycle.abort();
    await within(lifecycle.idle(plan.abortMs), plan.abortMs);
  }
  for (const step of plan.close) {
    try {
      await within(Promise.resolve(step()), Math.max(plan.abortMs, 1_000));
    } catch (e) {
      log.error('shutdown: close step failed', { error: (e as Error).message });
    }
  }
  log.info('shutdown: done', { ms: Math.round(performance.now() - started) });
}

/**
 * Installs SIGTERM/SIGINT handlers: the first signal runs `shutdown` then exits 0; a second one
 * exits at once.
 */
export function onSignals(shutdown: (reason: string) => Promise<void>, log: Logger): void {
  let stopping = false;
  const handler = (sig: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal: exiting now', { signal: sig });
      process.exit(130);
    }
    stopping = true;
    shutdown(sig).then(
      () => process.exit(0),
      (e) => {
        log.error('shutdown failed', { error: (e as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
