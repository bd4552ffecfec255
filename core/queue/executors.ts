import type { Executor } from './types.ts';

const KIND = /^[a-z][a-z0-9-]{0,63}$/;

const positiveInt = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;

function check(e: Executor): void {
  if (!KIND.test(e.kind)) throw new TypeError(`executor kind ${JSON.stringify(e.kind)} must match ${KIND}`);
  if (!(e.timeoutMs > 0)) throw new TypeError(`executor ${e.kind}: timeoutMs must be positive`);
  if (e.maxAttempts !== undefined && !(positiveInt(e.maxAttempts) || e.maxAttempts === Infinity))
    throw new TypeError(`executor ${e.kind}: maxAttempts must be an integer >= 1 or Infinity`);
  if (e.concurrency !== undefined && !positiveInt(e.concurrency))
    throw new TypeError(`executor ${e.kind}: concurrency must be an integer >= 1`);
  if (e.keepFinished !== undefined && !(Number.isInteger(e.keepFinished) && e.keepFinished >= 0))
    throw new TypeError(`executor ${e.kind}: keepFinished must be an integer >= 0`);
}

/** Executors by kind. Registered once at composition; a duplicate or malformed one is a bug. */
export function createExecutorRegistry() {
  const byKind = new Map<string, Executor>();
  let lanes: Map<string, number> | null = null;
  return {
    register(e: Executor): void {
      check(e);
      if (byKind.has(e.kind)) throw new TypeError(`executor ${e.kind} registered twice`);
      byKind.set(e.kind, e);
      lanes = null;
    },
    get: (kind: string) => byKind.get(kind),
    /** Kinds with slots of their own, and how many (asked at every claim: kept until the next registration). */
    lanes(): ReadonlyMap<string, number> {
      lanes ??= new Map([...byKind.values()].flatMap((e) => (e.concurrency ? [[e.kind, e.concurrency] as const] : [])));
      return lanes;
    },
    /** Kinds with a history retention of their own, and how many finished operations each keeps. */
    retention(): Record<string, number> {
      return Object.fromEntries(
        [...byKind.values()].flatMap((e) => (e.keepFinished !== undefined ? [[e.kind, e.keepFinished]] : [])),
      );
    },
  };
}

export type Registry = ReturnType<typeof createExecutorRegistry>;
