/**
 * Uninstall, file level (DESIGN.md §5). Order: snapshot the plugin's config and secrets (into the
 * journal), remove its config, record the tombstone, set its data folder aside (unless the settings
 * are preserved: data-folder.ts), move its folder out of the plugins directory (one rename), then
 * delete both. Any failure before the move completes puts everything back: the
 * folder, config and secrets, the tombstone and the state row as they were.
 */
import fs from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { pluginState, type PluginStateRow } from '../../db/schema.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import type { PluginConfigPort } from './config-port.ts';
import { fsyncDir } from '../platform/fsync.ts';
import { exists } from './staging/files.ts';
import { assertPluginId, pluginFolder } from './package/id.ts';
import { folderOrigin } from './package/install-meta.ts';
import { moveDataAside, putDataBack, removeData } from './data-folder.ts';
import { writeJournal, type UninstallJournal } from './staging/journal.ts';
import { createStaging, discardStaging, type LifecycleDeps, type StagingPaths } from './staging/staging.ts';
import { getPluginState, putPluginState, recordUninstalled } from './state/rows.ts';
import type { StepHook } from './staging/swap.ts';
import { addTombstone, isTombstoned, removeTombstone } from './state/tombstones.ts';

export const UNINSTALL_STEPS = [
  'uninstall:journaled',
  'uninstall:config-removed',
  'uninstall:tombstoned',
  'uninstall:moved',
  'uninstall:committed',
] as const;

export interface UninstallRequest {
  opId: string;
  pluginId: string;
  preserveConfig?: boolean;
  onStep?: StepHook;
}

export interface UninstallResult {
  pluginId: string;
  /** False for a built-in plugin, which is hidden and disabled but whose files stay. */
  removedFiles: boolean;
  preservedConfig: boolean;
}

function recordGone(deps: LifecycleDeps, j: UninstallJournal): void {
  deps.db.sqlite.transaction(() => {
    addTombstone(deps, {
      pluginId: j.pluginId,
      version: j.version,
      source: j.source,
      preservedConfig: j.preserveConfig,
    });
    recordUninstalled(deps, j.pluginId, { present: j.present && !j.removeFiles });
  })();
}

/** Puts back config, tombstone, state row and folder as the journal says they were. Idempotent. */
export async function rollbackUninstall(
  deps: LifecycleDeps,
  config: PluginConfigPort,
  paths: StagingPaths,
  j: UninstallJournal,
): Promise<void> {
  const target = pluginFolder(deps.settings.pluginsDir, j.pluginId);
  if (j.removeFiles && !(await exists(target)) && (await exists(paths.removedDir))) {
    await fs.rename(paths.removedDir, target);
    await fsyncDir(deps.settings.pluginsDir);
  }
  if (j.removeData) await putDataBack(deps, j.pluginId, j.opId);
  if (!j.preserveConfig) await config.restore(j.snapshot);
  deps.db.sqlite.transaction(() => {
    if (!j.hadTombstone) removeTombstone(deps, j.pluginId);
    if (j.previousRow) putPluginState(deps, j.previousRow as unknown as PluginStateRow);
    else deps.db.orm.delete(pluginState).where(eq(pluginState.id, j.pluginId)).run();
  })();
  await discardStaging(paths);
}

/** Completes an uninstall whose folder already left the plugins directory. Idempotent. */
export async function rollForwardUninstall(
  deps: LifecycleDeps,
  config: PluginConfigPort,
  paths: StagingPaths,
  j: UninstallJournal,
): Promise<void> {
  if (!j.preserveConfig) await config.removeSection(j.pluginId);
  recordGone(deps, j);
  if (j.removeData) await removeDataLogged(deps, j);
  await discardStaging(paths);
}

async function removeDataLogged(deps: LifecycleDeps, j: UninstallJournal): Promise<void> {
  const problems = await removeData(deps, j.pluginId, j.opId);
  if (problems.length) deps.log.warn('plugin data left after an uninstall', { plugin_id: j.pluginId, problems });
}

async function apply(
  deps: LifecycleDeps,
  config: PluginConfigPort,
  paths: StagingPaths,
  j: UninstallJournal,
  onStep?: StepHook,
) {
  if (!j.preserveConfig) {
    await config.removeSection(j.pluginId);
    await onStep?.('uninstall:config-removed');
  }
  recordGone(deps, j);
  await onStep?.('uninstall:tombstoned');
  if (!j.removeFiles && !j.removeData) return;
  await writeJournal(paths.dir, { ...j, phase: 'removing' });
  if (j.removeData) await moveDataAside(deps, j.pluginId, j.opId);
  if (!j.removeFiles) return;
  await fs.rename(pluginFolder(deps.settings.pluginsDir, j.pluginId), paths.removedDir);
  await fsyncDir(deps.settings.pluginsDir);
  await onStep?.('uninstall:moved');
}

async function begin(deps: LifecycleDeps, config: PluginConfigPort, req: UninstallRequest): Promise<UninstallJournal> {
  assertPluginId(req.pluginId);
  const target = pluginFolder(deps.settings.pluginsDir, req.pluginId);
  const row = getPluginState(deps, req.pluginId);
  const present = await exists(target);
  if (!present && (!row || row.status === 'uninstalled')) {
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${req.pluginId} is not installed`,
      context: { plugin_id: req.pluginId },
    });
  }
  const source = present
    ? (await folderOrigin(target, deps.settings.registry.builtinDir)).source
    : (row?.source ?? 'local');
  return {
    v: 1,
    kind: 'uninstall',
    opId: req.opId,
    pluginId: req.pluginId,
    phase: 'begun',
    startedAt: deps.clock.now(),
    snapshot: await config.snapshot(req.pluginId),
    preserveConfig: req.preserveConfig ?? false,
    hadTombstone: isTombstoned(deps, req.pluginId),
    present,
    removeFiles: present && source !== 'builtin',
    removeData: !(req.preserveConfig ?? false),
    version: row?.version ?? null,
    source,
    previousRow: (row as unknown as Record<string, unknown>) ?? null,
  };
}

/** Throws 400 for a bad id and 404 PLUGIN_NOT_FOUND before anything changes. */
export async function uninstallPlugin(
  deps: LifecycleDeps,
  config: PluginConfigPort,
  req: UninstallRequest,
): Promise<UninstallResult> {
  const journal = await begin(deps, config, req);
  const paths = await createStaging(deps, journal);
  try {
    await req.onStep?.('uninstall:journaled');
    await apply(deps, config, paths, journal, req.onStep);
  } catch (e) {
    await rollbackUninstall(deps, config, paths, journal).catch((err: unknown) =>
      deps.log.error('rollback of an uninstall failed; recovery finishes it at next start', {
        plugin_id: req.pluginId,
        op_id: req.opId,
        error: (err as Error).message,
      }),
    );
    if (isAppError(e)) throw e;
    throw new AppError('PLUGIN_UNINSTALL_FAILED', {
      message: `Uninstalling ${req.pluginId} failed; its files and settings were restored`,
      details: (e as Error).message,
      context: { plugin_id: req.pluginId },
      cause: e,
    });
  }
  try {
    await writeJournal(paths.dir, { ...journal, phase: 'committed' });
    await req.onStep?.('uninstall:committed');
    if (journal.removeData) await removeDataLogged(deps, journal);
    await discardStaging(paths);
  } catch (e) {
    deps.log.warn('staging cleanup after an uninstall failed; recovery removes it at next start', {
      plugin_id: req.pluginId,
      error: (e as Error).message,
    });
  }
  return { pluginId: req.pluginId, removedFiles: journal.removeFiles, preservedConfig: journal.preserveConfig };
}
