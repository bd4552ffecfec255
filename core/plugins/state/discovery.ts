/**
 * Discovery: scans the plugins directory and brings plugin_state in line with what is on disk.
 * Runs at start before the server answers, so every plugin is known to the first request. Folders
 * whose plugin was uninstalled are listed as such and never treated as installed; broken
 * manifests are recorded as errors; the staging folder and other dot-folders are not plugins.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, notInArray, and, ne } from 'drizzle-orm';
import { pluginState, type PluginStateInsert, type PluginStateRow } from '../../../db/schema.ts';
import { isAppError, type AppError } from '../../platform/errors/app-error.ts';
import { folderOrigin } from '../package/install-meta.ts';
import { MANIFEST_FILE, type Manifest } from '../package/manifest.ts';
import { isPluginId } from '../package/id.ts';
import { checkPluginFolder, type LifecycleDeps } from '../staging/staging.ts';
import { getPluginState, knownEnabled, manifestFacts, putPluginState, runnableStatus } from './rows.ts';
import { isTombstoned, listTombstones } from './tombstones.ts';

export interface DiscoveryOptions {
  /** The enabled flag config holds for a plugin, if it says anything. */
  enabledOf?: (id: string) => boolean | undefined;
}

export interface DiscoveryReport {
  plugins: string[];
  errors: Array<{ id: string; status: 'error' | 'incompatible'; error: string }>;
  tombstoned: string[];
  missing: string[];
  /** Folders whose names cannot be plugin ids. */
  skipped: string[];
}

type Row = Omit<PluginStateInsert, 'updatedAt'>;

async function rawFacts(dir: string): Promise<Partial<Manifest>> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    return typeof raw === 'object' && raw !== null ? raw : {};
  } catch {
    return {};
  }
}

interface Seen {
  id: string;
  dir: string;
  prev: PluginStateRow | undefined;
  tombstoned: boolean;
  /** The manifest's modification time: when the files were last put there, for a plugin first seen. */
  mtime: number | null;
}

/** A broken or incompatible folder: recorded with its error, never runnable. */
async function failedRow(deps: LifecycleDeps, seen: Seen, e: AppError) {
  const { prev } = seen;
  const raw = await rawFacts(seen.dir);
  const status = seen.tombstoned ? 'uninstalled' : e.code === 'PLUGIN_INCOMPATIBLE' ? 'incompatible' : 'error';
  return {
    name: typeof raw.name === 'string' ? raw.name : (prev?.name ?? seen.id),
    version: typeof raw.version === 'string' ? raw.version : (prev?.version ?? null),
    status,
    enabled: false,
    lastError: e.message,
    lastErrorAt: prev?.lastError === e.message ? (prev.lastErrorAt ?? deps.clock.now()) : deps.clock.now(),
  } as const;
}

function goodRow(deps: LifecycleDeps, seen: Seen, manifest: Manifest, opts: DiscoveryOptions) {
  const facts = manifestFacts(manifest);
  const changed = seen.prev?.version !== facts.version;
  const filesUpdatedAt = changed ? (seen.mtime ?? deps.clock.now()) : undefined;
  if (seen.tombstoned) return { ...facts, status: 'uninstalled', enabled: false, filesUpdatedAt } as const;
  const enabled = opts.enabledOf?.(seen.id) ?? knownEnabled(seen.prev);
  const status = runnableStatus(enabled);
  return { ...facts, status, enabled: enabled ?? false, lastError: null, lastErrorAt: null, filesUpdatedAt };
}

async function observe(deps: LifecycleDeps, id: string, tombstoned: boolean, opts: DiscoveryOptions): Promise<Row> {
  const dir = path.join(deps.settings.pluginsDir, id);
  const prev = getPluginState(deps, id);
  const stat = await fs.stat(path.join(dir, MANIFEST_FILE)).catch(() => undefined);
  const seen: Seen = { id, dir, prev, tombstoned, mtime: stat ? Math.round(stat.mtimeMs) : null };
  const base = {
    id,
    path: dir,
    present: true,
    ...(await folderOrigin(dir, deps.settings.registry.builtinDir)),
    installedAt: prev?.installedAt ?? deps.clock.now(),
    filesUpdatedAt: prev?.filesUpdatedAt ?? seen.mtime,
  };
  try {
    const row = goodRow(deps, seen, await checkPluginFolder(deps, dir, id), opts);
    return { ...base, ...row, filesUpdatedAt: row.filesUpdatedAt ?? base.filesUpdatedAt };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ...base, ...(await failedRow(deps, seen, e)) };
  }
}

async function pluginFolders(pluginsDir: string): Promise<{ ids: string[]; skipped: string[] }> {
  await fs.mkdir(pluginsDir, { recursive: true });
  const ids: string[] = [];
  const skipped: string[] = [];
  for (const d of await fs.readdir(pluginsDir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const isDir =
      d.isDirectory() ||
      (d.isSymbolicLink() && (await fs.stat(path.join(pluginsDir, d.name)).catch(() => null))?.isDirectory());
    if (!isDir) continue;
    (isPluginId(d.name) ? ids : skipped).push(d.name);
  }
  return { ids: ids.sort(), skipped };
}

/** Scans every folder and updates plugin_state in one transaction; rows whose folder is gone become `missing`. */
export async function discoverPlugins(deps: LifecycleDeps, opts: DiscoveryOptions = {}): Promise<DiscoveryReport> {
  const { ids, skipped } = await pluginFolders(deps.settings.pluginsDir);
  const tombs = new Set(listTombstones(deps).map((t) => t.pluginId));
  const rows = await Promise.all(ids.map((id) => observe(deps, id, tombs.has(id), opts)));
  deps.db.sqlite.transaction(() => {
    for (const row of rows) putPluginState(deps, row);
    const gone = deps.db.orm
      .update(pluginState)
      .set({ status: 'missing', present: false, updatedAt: deps.clock.now() })
      .where(and(ids.length ? notInArray(pluginState.id, ids) : undefined, ne(pluginState.status, 'uninstalled')));
    gone.run();
    const vanished = ids.length ? notInArray(pluginState.id, ids) : undefined;
    deps.db.orm
      .update(pluginState)
      .set({ present: false })
      .where(and(vanished, eq(pluginState.status, 'uninstalled'), eq(pluginState.present, true)))
      .run();
  })();
  if (skipped.length) deps.log.warn('folders in the plugins directory that cannot be plugin ids', { skipped });
  return report(rows, skipped, deps);
}

function report(rows: Row[], skipped: string[], deps: LifecycleDeps): DiscoveryReport {
  const all: PluginStateRow[] = deps.db.orm.select().from(pluginState).all();
  return {
    plugins: rows.filter((r) => r.status !== 'uninstalled').map((r) => r.id),
    errors: rows
      .filter((r) => r.status === 'error' || r.status === 'incompatible')
      .map((r) => ({ id: r.id, status: r.status as 'error' | 'incompatible', error: r.lastError ?? '' })),
    tombstoned: rows.filter((r) => r.status === 'uninstalled').map((r) => r.id),
    missing: all.filter((r) => r.status === 'missing').map((r) => r.id),
    skipped,
  };
}

/** Re-reads one plugin folder into plugin_state (after recovery finished an operation). */
export async function refreshPlugin(deps: LifecycleDeps, id: string, opts: DiscoveryOptions = {}): Promise<void> {
  const dir = path.join(deps.settings.pluginsDir, id);
  const present = (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
  if (present) {
    putPluginState(deps, await observe(deps, id, isTombstoned(deps, id), opts));
    return;
  }
  const prev = getPluginState(deps, id);
  if (prev) {
    putPluginState(deps, {
      ...prev,
      present: false,
      status: prev.status === 'uninstalled' ? 'uninstalled' : 'missing',
    });
  }
}
