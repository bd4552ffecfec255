import type { Executor, JsonValue } from '../../core/queue/index.ts';
import { AppError } from '../../core/platform/errors/app-error.ts';
import type { ErrorCode } from '../../core/platform/errors/catalogue.ts';

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
