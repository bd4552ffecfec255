/**
 * The store's in-memory state, loaded from SQLite at start (so a restart is warm) and updated by
 * refreshes: each source with its cached row and parsed entries, GitHub facts, the merged catalog
 * and its presented list (built once per change, so a browse only filters and serialises). It
 * fetches nothing itself: every refresh is a `store-refresh` operation (./refresh-executor.ts).
 */
import { PROJECT_ROOT } from '../../hono.config.ts';
import type { Platform } from '../platform/index.ts';
import { serializedJson, type SerializedJson } from '../platform/serialized-json.ts';
import { describeError } from '../platform/errors/redact.ts';
import { scanBuiltin } from './builtin.ts';
import { readRow, readRows, type CacheRow } from './cache.ts';
import { buildCatalog, present, type Catalog, type StorePlugin } from './catalog.ts';
import { GH_PREFIX, RATE_KEY } from './github/facts.ts';
import { loadRateState, type RateState } from './github/rate.ts';
import { parseRegistry, type ParsedRegistry } from './registry-format.ts';
import type { RuntimeView } from './runtime.ts';
import { listSaved } from './saved-list.ts';
import { builtinSource, defineSource, sourceKey, type SourceDef } from './sources.ts';

export interface SourceState {
  def: SourceDef;
  /** The cached row (null for the built-in source, or before the first attempt). */
  row: CacheRow | null;
  /** The last good document, parsed. */
  parsed: ParsedRegistry | null;
}

export type RegistryBase = Pick<Platform, 'db' | 'settings' | 'clock' | 'log'>;

export interface Registry {
  /**
   * (Re)reads sources, cached rows, first-party manifests and GitHub facts. Synchronous and fast.
   * The GitHub budget is read once at creation: it only changes through this process's own calls.
   */
  load(): void;
  /** The sources in order; the same array until one changes (callers do not modify it). */
  sources(): readonly SourceState[];
  source(id: string): SourceState | undefined;
  /** Replaces a source's row and/or parsed document; a new document rebuilds the catalog. */
  update(id: string, patch: Partial<Pick<SourceState, 'row' | 'parsed'>>): void;
  setFact(key: string, facts: unknown): void;
  facts(): ReadonlyMap<string, unknown>;
  catalog(): Catalog;
  /** Counts catalog rebuilds: what is derived from the catalog elsewhere is stale when it moved. */
  generation(): number;
  /** Counts every change of the registry's state (a row, a document, a fact, a load). */
  revision(): number;
  /** The catalog's entries in the list shape, aligned with `catalog().entries`. */
  presented(): StorePlugin[];
  /** The same, each already serialised (a filtered browse joins strings, never stringifies objects). */
  presentedJson(): string[];
  /** The whole list as `{"plugins":[...]}`, serialised once per catalog, for unfiltered browses. */
  presentedList(): SerializedJson;
  /** When the catalog's content last changed (a new document, first-party manifests, or a load). */
  changedAt(): number;
  /**
   * Asks the machine again which runtimes it has (kept a minute; an old verdict is refreshed
   * behind). Returns what a browse must wait for: the first verdict only, else null.
   */
  checkRuntimes(): Promise<unknown> | null;
  readonly github: RateState;
}

function parseCached(base: RegistryBase, def: SourceDef, row: CacheRow | null): ParsedRegistry | null {
  if (!row?.body) return null;
  try {
    return parseRegistry(row.body, def.id);
  } catch (e) {
    base.log.warn('cached registry document unreadable', { source: def.id, error: describeError(e) });
    return null;
  }
}

function loadFacts(base: RegistryBase, into: Map<string, unknown>): void {
  for (const row of readRows(base.db, GH_PREFIX)) {
    if (row.key === RATE_KEY || row.body === null) continue;
    try {
      into.set(row.key, JSON.parse(row.body));
    } catch {
      /* a damaged fact is simply unknown until the next fetch */
    }
  }
}

function sourceDefs(base: RegistryBase): SourceDef[] {
  const defs = [
    builtinSource(base.settings.registry.builtinDir),
    ...base.settings.registry.sources.map((s) => defineSource(s, 'settings', PROJECT_ROOT)),
    ...listSaved(base).map((r) => defineSource(r.url, 'saved', PROJECT_ROOT, r.name)),
  ];
  const seen = new Set<string>();
  return defs.filter((d) => !seen.has(d.id) && !!seen.add(d.id));
}

export interface RegistryOptions {
  /** Whether this machine runs each runtime; absent, every plugin counts as runnable. */
  runtimes?: RuntimeView;
}

export function createRegistry(base: RegistryBase, opts: RegistryOptions = {}): Registry {
  const states = new Map<string, SourceState>();
  const facts = new Map<string, unknown>();
  let catalog: Catalog = buildCatalog([]);
  let generation = 0;
  let revision = 0;
  let sourceList: SourceState[] | null = null;
  // When the runtime check was last asked for while a verdict was known (see checkRuntimes).
  let runtimesAskedAt = -Infinity;
  let changedAt = base.clock.now();
  let presented: StorePlugin[] | null = null;
  let presentedJson: string[] | null = null;
  let presentedList: SerializedJson | null = null;
  // The runtime verdict the presented list was built with: a new verdict (a new object) rebuilds it.
  let verdict: unknown = null;
  const invalidate = () => {
    revision++;
    sourceList = null;
    presented = null;
    presentedJson = null;
    presentedList = null;
  };
  const rebuild = () => {
    catalog = buildCatalog([...states.values()].map((s) => s.parsed?.entries ?? []));
    generation++;
    changedAt = base.clock.now();
    invalidate();
  };
  const store: Registry = {
    load() {
      const previous = new Map(states);
      states.clear();
      for (const def of sourceDefs(base)) {
        if (def.kind === 'builtin') {
          states.set(def.id, { def, row: null, parsed: scanBuiltin(def.location) });
          continue;
        }
        const kept = previous.get(def.id);
        const row = readRow(base.db, sourceKey(def.id));
        states.set(def.id, { def, row, parsed: kept?.parsed ?? parseCached(base, def, row) });
      }
      facts.clear();
      loadFacts(base, facts);
      rebuild();
    },
    sources: () => (sourceList ??= [...states.values()]),
    source: (id) => states.get(id),
    update(id, patch) {
      const s = states.get(id);
      if (!s) return;
      states.set(id, { ...s, ...patch });
      revision++;
      sourceList = null;
      // A row alone (a 304, a failure) changes nothing the catalog is built from.
      if (patch.parsed !== undefined) rebuild();
    },
    setFact(key, value) {
      facts.set(key, value);
      invalidate();
    },
    facts: () => facts,
    catalog: () => catalog,
    generation: () => generation,
    revision: () => revision,
    presented() {
      const now = opts.runtimes?.known('python') ?? null;
      if (now !== verdict) invalidate();
      verdict = now;
      return (presented ??= catalog.entries.map((e) => present(e, facts, opts.runtimes)));
    },
    presentedJson: () => (presentedJson ??= store.presented().map((p) => JSON.stringify(p))),
    presentedList: () => (presentedList ??= serializedJson(`{"plugins":[${store.presentedJson().join(',')}]}`)),
    changedAt: () => changedAt,
    checkRuntimes() {
      if (!opts.runtimes) return null;
      if (!opts.runtimes.known('python')) return opts.runtimes.check('python');
      // Asking refreshes an old verdict behind; once a second is often enough, and spares a promise per browse.
      const now = base.clock.now();
      if (now - runtimesAskedAt >= 1000) {
        runtimesAskedAt = now;
        void opts.runtimes.check('python');
      }
      return null;
    },
    github: loadRateState(base.db),
  };
  return store;
}
