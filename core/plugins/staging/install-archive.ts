/**
 * The file-level half of install and update: a downloaded archive becomes the active plugin, or
 * nothing changes. Stages: extracting → validating → dependencies (a Python plugin's venv, made in
 * the staged folder) → activating (swap.ts). The operation executor
 * does resolving and downloading before calling this, and maps its progress into the operation's.
 */
import { writeTx } from '../../../db/write-tx.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { archiveLimits } from '../archive/limits.ts';
import { extractArchive } from '../archive/extract.ts';
import { assertPluginId, pluginFolder } from '../package/id.ts';
import { writeInstallMeta, type InstallMeta } from '../package/install-meta.ts';
import { recordListedVersion } from '../package/listed-version.ts';
import type { SwapJournal } from './journal.ts';
import type { Manifest } from '../package/manifest.ts';
import { createStaging, discardStaging, validateStaged, type LifecycleDeps } from './staging.ts';
import { getPluginState, recordInstalled } from '../state/rows.ts';
import { activateStaged, type StepHook } from './swap.ts';
import { removeTombstone } from '../state/tombstones.ts';

export interface ArchiveInstallRequest {
  opId: string;
  /**
   * The plugin asked for; the manifest id must match it. Absent (install from a URL without
   * plugin_id): the manifest's id is used, checked like any other.
   */
  pluginId?: string;
  kind: 'install' | 'update';
  /** A ZIP file on local disk (the download). */
  archivePath: string;
  /** Monorepo subfolder holding the plugin (registry `plugin_path`); '' or absent: the whole archive. */
  pluginPath?: string;
  origin: { source: InstallMeta['source']; repo?: string | null; branch?: string | null };
  /** The store's version for this download: a LEDMatrix manifest naming none takes it (listed-version.ts). */
  listedVersion?: string | null;
  signal?: AbortSignal;
  /**
   * config.json's `enabled` for the plugin, when it has one: it wins over what plugin_state knew
   * (a plugin config names as enabled and the reconciler reinstalls comes back enabled).
   */
  enabledOf?: (id: string) => boolean | undefined;
  /** Fraction 0–1 of this part of the operation, the stage name and an optional message. */
  progress?(fraction: number, stage: ArchiveStage, message?: string): void;
  /**
   * Prepares a Python plugin's dependencies in its staged folder (the `dependencies` stage); a
   * failure or cancel fails the install like any stage, and the staged folder goes with it.
   * Without it, a Python plugin is refused.
   */
  dependencies?(dir: string, report: (message: string) => void): Promise<unknown>;
  onStep?: StepHook;
}

export type ArchiveStage = 'extracting' | 'validating' | 'dependencies' | 'activating';

export interface ArchiveInstallResult {
  manifest: Manifest;
  previousVersion: string | null;
  /** The commit the archive was made from, when it says (GitHub archives do). */
  commit: string | null;
  files: number;
  bytes: number;
}

const COMMIT = /^[0-9a-f]{40}$/;

interface Staged {
  manifest: Manifest;
  commit: string | null;
  files: number;
  bytes: number;
}

/** Extracts and validates into `newDir` and writes the install record; nothing outside staging changes. */
async function stage(deps: LifecycleDeps, req: ArchiveInstallRequest, newDir: string): Promise<Staged> {
  req.progress?.(0, 'extracting');
  const extracted = await extractArchive(req.archivePath, newDir, {
    limits: archiveLimits(deps.settings),
    pluginPath: req.pluginPath,
    signal: req.signal,
    onFile: (done, total) => req.progress?.((0.6 * done) / total, 'extracting', `${done}/${total} files`),
  });
  req.progress?.(0.6, 'validating');
  await recordListedVersion(newDir, req.listedVersion);
  const manifest = await validateStaged(deps, newDir, req.pluginId);
  if (manifest.runtime === 'python') await prepareDependencies(req, newDir, manifest.id);
  const comment = extracted.comment.trim();
  const commit = COMMIT.test(comment) ? comment : null;
  await writeInstallMeta(newDir, {
    source: req.origin.source,
    repo: req.origin.repo ?? null,
    branch: req.origin.branch ?? null,
    plugin_path: req.pluginPath || null,
    commit,
    installed_at: new Date(deps.clock.now()).toISOString(),
  });
  return { manifest, commit, files: extracted.files, bytes: extracted.bytes };
}

async function prepareDependencies(req: ArchiveInstallRequest, dir: string, id: string): Promise<void> {
  if (!req.dependencies) {
    throw new AppError('PLUGIN_INCOMPATIBLE', {
      message: `${id} is a LEDMatrix (Python) plugin, which this kind of install cannot prepare`,
      context: { plugin_id: id, reason: 'python_plugin' },
    });
  }
  req.progress?.(0.65, 'dependencies');
  await req.dependencies(dir, (message) => req.progress?.(0.7, 'dependencies', message));
  req.signal?.throwIfAborted();
}

/** The database half of activation: one transaction, run once the new folder is in place. */
function recorder(deps: LifecycleDeps, req: ArchiveInstallRequest, manifest: Manifest) {
  const facts = {
    manifest,
    path: pluginFolder(deps.settings.pluginsDir, manifest.id),
    source: req.origin.source,
    repo: req.origin.repo ?? null,
    branch: req.origin.branch ?? null,
    pluginPath: req.pluginPath || null,
    enabled: req.enabledOf?.(manifest.id),
  };
  // writeTx: recordInstalled reads the row before writing it.
  return () =>
    writeTx(deps.db.sqlite, () => {
      recordInstalled(deps, facts);
      removeTombstone(deps, manifest.id);
    });
}

export async function installFromArchive(
  deps: LifecycleDeps,
  req: ArchiveInstallRequest,
): Promise<ArchiveInstallResult> {
  if (req.pluginId !== undefined) assertPluginId(req.pluginId);
  req.signal?.throwIfAborted();
  const journal: SwapJournal = {
    v: 1,
    kind: req.kind,
    opId: req.opId,
    // Until validation names the plugin, a crash only ever discards this folder, so no id is needed yet.
    pluginId: req.pluginId ?? '',
    phase: 'staging',
    hadPrevious: false,
    startedAt: deps.clock.now(),
  };
  const paths = await createStaging(deps, journal);
  let staged: Staged;
  try {
    staged = await stage(deps, req, paths.newDir);
    await req.onStep?.('staged');
  } catch (e) {
    // Nothing visible changed yet: dropping the staging folder is the whole rollback.
    await discardStaging(paths).catch((err: unknown) =>
      deps.log.warn('could not remove a staging folder; recovery removes it at next start', {
        op_id: req.opId,
        error: (err as Error).message,
      }),
    );
    throw e;
  }
  req.progress?.(0.8, 'activating');
  const id = staged.manifest.id;
  const before = getPluginState(deps, id);
  const record = recorder(deps, req, staged.manifest);
  // activateStaged restores the previous version itself on failure (or leaves its journal for recovery).
  const named: SwapJournal = { ...journal, pluginId: id };
  await activateStaged(deps, paths, { journal: named, signal: req.signal, onStep: req.onStep, record: () => record() });
  req.progress?.(1, 'activating', `${staged.manifest.id} ${staged.manifest.version} is in place`);
  const previousVersion = before && before.status !== 'uninstalled' ? before.version : null;
  return { ...staged, previousVersion };
}
