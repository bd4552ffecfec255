/**
 * The one time the request path waits for the network: a source never attempted (a cold cache,
 * or a repository just added). Its first fetch is direct rather than a queued operation, so it can
 * start with the process, before the queue runs, and a browse never waits behind a long install
 * holding the queue's slots. Everything later is a `store-refresh` operation.
 */
import type { Deps } from '../deps.ts';
import { enrichSoon } from './github/enrich.ts';
import { refreshSource } from './refresh.ts';

/** The first fetch of a source, as a wait that ends with it or at the outbound timeout, whichever is first. */
function boundedFirstFetch(deps: Deps, id: string): Promise<void> {
  const run = refreshSource(deps, id, { signal: deps.registry.signal }).then((outcome) => {
    if (outcome.changed) enrichSoon(deps);
    return outcome;
  });
  deps.registry.background(`first fetch ${id}`, run);
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, deps.settings.timeouts.outboundTotalMs);
    const done = () => (clearTimeout(timer), resolve());
    run.then(done, done);
  });
}

/**
 * Starts (or joins) the first fetch of every remote source never attempted and resolves when they
 * are over, each bounded by the outbound timeout. Callers arriving meanwhile share the same wait,
 * and once it is over nobody waits for that source again. Called at start and by every browse.
 */
export async function firstFetches(deps: Deps): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const s of deps.registry.sources()) {
    if (s.def.kind === 'builtin' || s.def.invalid || s.row) continue;
    let wait = deps.registry.coldWaits.get(s.def.id);
    if (!wait) deps.registry.coldWaits.set(s.def.id, (wait = boundedFirstFetch(deps, s.def.id)));
    waits.push(wait);
  }
  if (waits.length) await Promise.all(waits);
}
