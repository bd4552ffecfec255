/**
 * `plugin_state`: what is installed and observed (DESIGN.md §3). Lifecycle steps and discovery
 * write it; the API reads it. Every write stamps `updatedAt` from the injected clock.
 */
import { eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/index.ts';
import {
  pluginState,
  type PluginSource,
  type PluginStateInsert,
  type PluginStateRow,
  type PluginStatus,
} from '../../../db/schema.ts';
import type { Manifest } from '../package/manifest.ts';

type StateDeps = Pick<Platform, 'db' | 'clock'>;

type Db = Platform['db'];

/**
 * The statements every toggle and list run several times, prepared once per database. The enabled
 * flag's own read and write skip Drizzle: a toggle runs them for every plugin a save touches, and
 * mapping whole rows (tags parsed from JSON) cost more than the queries.
 */
function prepare(db: Db) {
  return {
    one: db.orm
      .select()
      .from(pluginState)
      .where(eq(pluginState.id, sql.placeholder('id')))
      .prepare(),
    all: db.orm.select().from(pluginState).orderBy(pluginState.id).prepare(),
    flags: db.sqlite.prepare('SELECT id, enabled, status FROM plugin_state ORDER BY id'),
    flag: db.sqlite.prepare('SELECT id, enabled, status FROM plugin_state WHERE id = ?'),
    setFlag: db.sqlite.prepare('UPDATE plugin_state SET enabled = ?, status = ?, updated_at = ? WHERE id = ?'),
  };
}

const statements = new WeakMap<Db['sqlite'], ReturnType<typeof prepare>>();

function statementsOf(db: Db) {
  let r = statements.get(db.sqlite);
  if (!r) statements.set(db.sqlite, (r = prepare(db)));
  return r;
}

/** A row's enabled flag and status: what the display acts on. */
export interface EnabledFlag {
  id: string;
  enabled: boolean;
  status: PluginStatus;
}

interface FlagRow {
  id: string;
  enabled: number;
  status: PluginStatus;
}

const toFlag = (r: FlagRow): EnabledFlag => ({ id: r.id, enabled: r.enabled === 1, status: r.status });

export function getPluginState(deps: Pick<Platform, 'db'>, id: string): PluginStateRow | undefined {
  return statementsOf(deps.db).one.get({ id });
}

/** Every row's enabled flag and status, by id. */
export function listEnabledFlags(deps: Pick<Platform, 'db'>): EnabledFlag[] {
  return (statementsOf(deps.db).flags.all() as FlagRow[]).map(toFlag);
}

export function listPluginStates(deps: Pick<Platform, 'db'>): PluginStateRow[] {
  return statementsOf(deps.db).all.all();
}

/** Inserts or replaces a whole row. */
export function putPluginState(deps: StateDeps, row: Omit<PluginStateInsert, 'updatedAt'>): void {
  const full = { ...row, updatedAt: deps.clock.now() };
  deps.db.orm.insert(pluginState).values(full).onConflictDoUpdate({ target: pluginState.id, set: full }).run();
}

/** Changes some fields of an existing row; returns whether the row exists. */
export function patchPluginState(deps: StateDeps, id: string, patch: Partial<Omit<PluginStateInsert, 'id'>>): boolean {
  const set = { ...patch, updatedAt: deps.clock.now() };
  return deps.db.orm.update(pluginState).set(set).where(eq(pluginState.id, id)).run().changes > 0;
}

/** A usable plugin's status: from its enabled flag when config has said, else just installed. */
export function runnableStatus(enabled: boolean | undefined): PluginStatus {
  if (enabled === undefined) return 'installed';
  return enabled ? 'enabled' : 'disabled';
}

/** What was known about `enabled` before: only enabled/disabled rows carry a decision. */
export function knownEnabled(row: PluginStateRow | undefined): boolean | undefined {
  return row && (row.status === 'enabled' || row.status === 'disabled') ? row.enabled : undefined;
}

/** Manifest facts the plugin list shows. */
export function manifestFacts(m: Manifest) {
  return {
    name: m.name,
    version: m.version,
    author: m.author ?? null,
    category: m.category ?? null,
    description: m.description ?? null,
    tags: m.tags ?? [],
    localOnly: m.local_only ?? false,
  };
}

export interface InstalledFacts {
  manifest: Manifest;
  path: string;
  source: PluginSource;
  repo?: string | null;
  branch?: string | null;
  pluginPath?: string | null;
  /** config.json's flag, when it has one; otherwise the row's earlier decision is kept. */
  enabled?: boolean;
}

/** After files were installed or updated: the row describes them; the enabled decision is kept. */
export function recordInstalled(deps: StateDeps, facts: InstalledFacts): void {
  const id = facts.manifest.id;
  const before = getPluginState(deps, id);
  const enabled = facts.enabled ?? knownEnabled(before);
  const now = deps.clock.now();
  putPluginState(deps, {
    id,
    ...manifestFacts(facts.manifest),
    source: facts.source,
    repo: facts.repo ?? null,
    branch: facts.branch ?? null,
    pluginPath: facts.pluginPath ?? null,
    path: facts.path,
    present: true,
    status: runnableStatus(enabled),
    enabled: enabled ?? false,
    lastError: null,
    lastErrorAt: null,
    installedAt: before?.installedAt && before.status !== 'uninstalled' ? before.installedAt : now,
    filesUpdatedAt: now,
  });
}

/** After an uninstall: the row stays (history, tombstone listing) with the files marked gone. */
export function recordUninstalled(deps: StateDeps, id: string, opts: { present: boolean }): void {
  patchPluginState(deps, id, { status: 'uninstalled', enabled: false, present: opts.present });
}

/**
 * After config's enabled flag changed (toggle): a runnable plugin becomes enabled or disabled; one
 * that is broken, missing or uninstalled keeps its status and only records the wish. Returns
 * whether the row changed: a row that already says so is not written again (a toggle's save has
 * usually recorded it already through the config listener), and an unknown plugin is false.
 */
export function recordEnabled(deps: StateDeps, id: string, enabled: boolean): boolean {
  const found = statementsOf(deps.db).flag.get(id) as FlagRow | undefined;
  if (!found) return false;
  const row = toFlag(found);
  const runnable = row.status === 'installed' || row.status === 'enabled' || row.status === 'disabled';
  const next =
    row.status === 'uninstalled'
      ? { enabled: false, status: row.status }
      : { enabled, status: runnable ? runnableStatus(enabled) : row.status };
  if (next.enabled === row.enabled && next.status === row.status) return false;
  return statementsOf(deps.db).setFlag.run(next.enabled ? 1 : 0, next.status, deps.clock.now(), id).changes > 0;
}
