/**
 * The store's in-memory state, loaded from SQLite at start (so a restart is warm) and updated by
 * refreshes: each source with its cached row and parsed entries, GitHub facts, the merged catalog
 * and its presented list (built once per change, so a browse only filters and serialises).
 */
import { PROJECT_ROOT } from '../../hono.config.ts';
import type { Deps } from '../deps.ts';
import { serializedJson, type SerializedJson } from '../platform/serialized-json.ts';
import { describeError } from '../platform/errors/redact.ts';
import { scanBuiltin } from './builtin.ts';
import { readRow, readRows, type CacheRow } from './cache.ts';
import { buildCatalog, present, type Catalog, type StorePlugin } from './catalog.ts';
import { GH_PREFIX, RATE_KEY } from './github/facts.ts';
import { loadRateState, type RateState } from './github/rate.ts';
import { parseRegistry, type ParsedRegistry } from './registry-format.ts';
import { listSaved } from './saved-repositories.ts';
import { builtinSource, defineSource, sourceKey, type SourceDef } from './sources.ts';

export interface SourceState {
  def: SourceDef;
  /** The cached row (null for the built-in source, or before the first attempt). */
  row: CacheRow | null;
  /** The last good document, parsed. */
  parsed: ParsedRegistry | null;
}

export type RegistryDeps = Pick<Deps, 'db' | 'settings' | 'clock' | 'log' | 'lifecycle'>;

export interface Registry {
  /**
   * (Re)reads sources, cached rows, first-party manifests and GitHub facts. Synchronous and fast.
   * The GitHub budget is read once at creation: it only changes through this process's own calls.
   */
  load(): void;
  sources(): SourceState[];
  source(id: string): SourceState | undefined;
  /** Replaces a source's row and/or parsed document and rebuilds the catalog. */
  update(id: string, patch: Partial<Pick<SourceState, 'row' | 'parsed'>>): void;
  setFact(key: string, facts: unknown): void;
  facts(): ReadonlyMap<string, unknown>;
  catalog(): Catalog;
  /** Counts catalog rebuilds: what is derived from the catalog elsewhere is stale when it moved. */
  generation(): number;
  /** The catalog's entries in the list shape, aligned with `catalog().entries`. */
  presented(): StorePlugin[];
  /** The same, each already serialised (a filtered browse joins strings, never stringifies objects). */
  presentedJson(): string[];
  /** The whole list as `{"plugins":[...]}`, serialised once per catalog, for unfiltered browses. */
  presentedList(): SerializedJson;
  /** Runs `fn` unless a call with the same key is in flight, in which case its promise is shared. */
  singleFlight<T>(key: string, fn: () => Promise<T>): Promise<T>;
  inflight(key: string): boolean;
  /** Keeps a background promise for shutdown and tests; its failure is logged, never thrown. */
  background(name: string, p: Promise<unknown>): void;
  /** Resolves once no background work is left. */
  idle(): Promise<void>;
  /** The first-fetch wait of each never-fetched source (a cold cache waits once, never again). */
  readonly coldWaits: Map<string, Promise<void>>;
  readonly github: RateState;
  /** Operation key → id of the last background refresh requested, so a browse asks only once. */
  readonly refreshRequests: Map<string, string>;
  /** Aborted at close: background refreshes stop. */
  readonly signal: AbortSignal;
  close(): Promise<void>;
}

function parseCached(deps: RegistryDeps, def: SourceDef, row: CacheRow | null): ParsedRegistry | null {
  if (!row?.body) return null;
  try {
    return parseRegistry(row.body, def.id);
  } catch (e) {
    deps.log.warn('cached registry document unreadable', { source: def.id, error: describeError(e) });
    return null;
  }
}

function loadFacts(deps: RegistryDeps, into: Map<string, unknown>): void {
  for (const row of readRows(deps.db, GH_PREFIX)) {
    if (row.key === RATE_KEY || row.body === null) continue;
    try {
      into.set(row.key, JSON.parse(row.body));
    } catch {
      /* a damaged fact is simply unknown until the next fetch */
    }
  }
}

function sourceDefs(deps: RegistryDeps): SourceDef[] {
  const defs = [
    builtinSource(deps.settings.registry.builtinDir),
    ...deps.settings.registry.sources.map((s) => defineSource(s, 'settings', PROJECT_ROOT)),
    ...listSaved(deps).map((r) => defineSource(r.url, 'saved', PROJECT_ROOT, r.name)),
  ];
  const seen = new Set<string>();
  return defs.filter((d) => !seen.has(d.id) && !!seen.add(d.id));
}

export function createRegistry(deps: RegistryDeps): Registry {
  const states = new Map<string, SourceState>();
  const facts = new Map<string, unknown>();
  const flights = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<unknown>>();
  const controller = new AbortController();
  let catalog: Catalog = buildCatalog([]);
  let generation = 0;
  let presented: StorePlugin[] | null = null;
  let presentedJson: string[] | null = null;
  let presentedList: SerializedJson | null = null;
  const invalidate = () => {
    presented = null;
    presentedJson = null;
    presentedList = null;
  };
  const rebuild = () => {
    catalog = buildCatalog([...states.values()].map((s) => s.parsed?.entries ?? []));
    generation++;
    invalidate();
  };
  const store: Registry = {
    load() {
      const previous = new Map(states);
      states.clear();
      for (const def of sourceDefs(deps)) {
        if (def.kind === 'builtin') {
          states.set(def.id, { def, row: null, parsed: scanBuiltin(def.location) });
          continue;
        }
        const kept = previous.get(def.id);
        const row = readRow(deps.db, sourceKey(def.id));
        states.set(def.id, { def, row, parsed: kept?.parsed ?? parseCached(deps, def, row) });
      }
      facts.clear();
      loadFacts(deps, facts);
      rebuild();
    },
    sources: () => [...states.values()],
    source: (id) => states.get(id),
    update(id, patch) {
      const s = states.get(id);
      if (!s) return;
      states.set(id, { ...s, ...patch });
      rebuild();
    },
    setFact(key, value) {
      facts.set(key, value);
      invalidate();
    },
    facts: () => facts,
    catalog: () => catalog,
    generation: () => generation,
    presented: () => (presented ??= catalog.entries.map((e) => present(e, facts))),
    presentedJson: () => (presentedJson ??= store.presented().map((p) => JSON.stringify(p))),
    presentedList: () => (presentedList ??= serializedJson(`{"plugins":[${store.presentedJson().join(',')}]}`)),
    singleFlight<T>(key: string, fn: () => Promise<T>) {
      const running = flights.get(key) as Promise<T> | undefined;
      if (running) return running;
      const p = fn().finally(() => flights.delete(key));
      flights.set(key, p);
      return p;
    },
    inflight: (key) => flights.has(key),
    background(name, p) {
      const tracked = p
        .catch((e) => deps.log.error('store background work failed', { work: name, error: describeError(e) }))
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    coldWaits: new Map(),
    github: loadRateState(deps.db),
    refreshRequests: new Map(),
    signal: controller.signal,
    async close() {
      controller.abort(new Error('store closing'));
      await store.idle();
    },
  };
  deps.lifecycle.signal.addEventListener('abort', () => controller.abort(new Error('shutting down')), { once: true });
  return store;
}
