import type { Executor, JsonValue } from '../../core/queue/index.ts';
import { AppError } from '../../core/platform/errors/app-error.ts';
import type { ErrorCode } from '../../core/platform/errors/catalogue.ts';
import type { TestDeps } from './deps.ts';

/** A promise with its resolve exposed, to wait for an event instead of sleeping. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Records every call; `run` decides what each attempt does. */
export function recordingExecutor(
  kind: string,
  run: Executor['run'] = async () => ({ ok: true }),
  extra: Partial<Executor> = {},
): Executor & { calls: Array<{ id: string; attempt: number; params: JsonValue }> } {
  const calls: Array<{ id: string; attempt: number; params: JsonValue }> = [];
  return {
    kind,
    timeoutMs: 5_000,
    ...extra,
    calls,
    run: (ctx) => {
      calls.push({ id: ctx.op.id, attempt: ctx.op.attempts, params: ctx.params });
      return run(ctx);
    },
  };
}

/** Fails with `code` the first `times` attempts, then succeeds. */
export const failing = (code: ErrorCode, times = Infinity): Executor['run'] => {
  let n = 0;
  return async () => {
    n += 1;
    if (n <= times) throw new AppError(code, { message: `${code} on attempt ${n}` });
    return { ok: true, after: n };
  };
};

/** Waits until the signal aborts, then rejects with its reason (a well-behaved slow executor). */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

interface Background {
  unsubscribe(): void;
  inFlight: Set<Promise<unknown>>;
}

const backgrounds = new WeakMap<object, Background>();

/**
 * Runs operations of `kinds` as soon as they are queued or their key frees up (a follow-up waits
 * for the running one), as the web process's runner would; other kinds wait for the test's
 * `runOnce()`. A retry waiting for its backoff runs at the test's next `runOnce()` after
 * `clock.advance`. Replaces what `deps` ran in the background before.
 */
export function runInBackground(deps: Pick<TestDeps, 'events' | 'queue'>, kinds: readonly string[]): void {
  backgrounds.get(deps)?.unsubscribe();
  const inFlight = backgrounds.get(deps)?.inFlight ?? new Set<Promise<unknown>>();
  const unsubscribe = deps.events.subscribe((e) => {
    if (e.type !== 'operation.created' && e.type !== 'operation.finished') return;
    if (!kinds.includes((e.data as { operation_type: string }).operation_type)) return;
    // After the runner's own bookkeeping of the attempt that just ended (its slot is free again).
    const run = new Promise<unknown>((resolve) => setImmediate(() => resolve(deps.queue.runOnce({ kinds }))));
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  });
  backgrounds.set(deps, { unsubscribe, inFlight });
}

/** A process that stops: nothing more runs in its background, and what ran has ended. */
export async function stopBackground(deps: object): Promise<void> {
  const b = backgrounds.get(deps);
  b?.unsubscribe();
  while (b?.inFlight.size) await Promise.allSettled([...b.inFlight]);
}
