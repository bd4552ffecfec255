import type { Executor } from './types.ts';

const KIND = /^[a-z][a-z0-9-]{0,63}$/;

/** Executors by kind. Registered once at composition; a duplicate or malformed one is a bug. */
export function createExecutorRegistry() {
  const byKind = new Map<string, Executor>();
  return {
    register(e: Executor): void {
      if (!KIND.test(e.kind)) throw new TypeError(`executor kind ${JSON.stringify(e.kind)} must match ${KIND}`);
      if (byKind.has(e.kind)) throw new TypeError(`executor ${e.kind} registered twice`);
      if (!(e.timeoutMs > 0)) throw new TypeError(`executor ${e.kind}: timeoutMs must be positive`);
      if (e.maxAttempts !== undefined && !(Number.isInteger(e.maxAttempts) && e.maxAttempts >= 1))
        throw new TypeError(`executor ${e.kind}: maxAttempts must be an integer >= 1`);
      byKind.set(e.kind, e);
    },
    get: (kind: string) => byKind.get(kind),
  };
}

export type Registry = ReturnType<typeof createExecutorRegistry>;
