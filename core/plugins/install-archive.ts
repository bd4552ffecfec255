/**
 * The file-level half of install and update: a downloaded archive becomes the active plugin, or
 * nothing changes. Stages: extracting → validating → activating (swap.ts). The operation executor
 * does resolving and downloading before calling this, and maps its progress into the operation's.
 */
import { archiveLimits } from './archive/limits.ts';
import { extractArchive } from './archive/extract.ts';
import { assertPluginId, pluginFolder } from './id.ts';
import { writeInstallMeta, type InstallMeta } from './install-meta.ts';
import type { SwapJournal } from './journal.ts';
import type { Manifest } from './manifest.ts';
import { createStaging, discardStaging, validateStaged, type LifecycleDeps } from './staging.ts';
import { getPluginState, recordInstalled } from './state.ts';
import { activateStaged, type StepHook } from './swap.ts';
import { removeTombstone } from './tombstones.ts';

export interface ArchiveInstallRequest {
  opId: string;
  pluginId: string;
  kind: 'install' | 'update';
  /** A ZIP file on local disk (the download). */
  archivePath: string;
  /** Monorepo subfolder holding the plugin (registry `plugin_path`); '' or absent: the whole archive. */
  pluginPath?: string;
  origin: { source: InstallMeta['source']; repo?: string | null; branch?: string | null };
  signal?: AbortSignal;
  /** Fraction 0–1 of this part of the operation, the stage name and an optional message. */
  progress?(fraction: number, stage: 'extracting' | 'validating' | 'activating', message?: string): void;
  onStep?: StepHook;
}

export interface ArchiveInstallResult {
  manifest: Manifest;
  previousVersion: string | null;
  /** The commit the archive was made from, when it says (GitHub archives do). */
  commit: string | null;
  files: number;
  bytes: number;
}

const COMMIT = /^[0-9a-f]{40}$/;

export async function installFromArchive(
  deps: LifecycleDeps,
  req: ArchiveInstallRequest,
): Promise<ArchiveInstallResult> {
  assertPluginId(req.pluginId);
  req.signal?.throwIfAborted();
  const journal: SwapJournal = {
    v: 1,
    kind: req.kind,
    opId: req.opId,
    pluginId: req.pluginId,
    phase: 'staging',
    hadPrevious: false,
    startedAt: deps.clock.now(),
  };
  const paths = await createStaging(deps, journal);
  let activating = false;
  try {
    req.progress?.(0, 'extracting');
    const extracted = await extractArchive(req.archivePath, paths.newDir, {
      limits: archiveLimits(deps.settings),
      pluginPath: req.pluginPath,
      signal: req.signal,
      onFile: (done, total) => req.progress?.((0.6 * done) / total, 'extracting', `${done}/${total} files`),
    });
    req.progress?.(0.6, 'validating');
    const manifest = await validateStaged(deps, paths.newDir, req.pluginId);
    const commit = COMMIT.test(extracted.comment.trim()) ? extracted.comment.trim() : null;
    const { source, repo = null, branch = null } = req.origin;
    const pluginPath = req.pluginPath || null;
    const meta = {
      source,
      repo,
      branch,
      plugin_path: pluginPath,
      commit,
      installed_at: new Date(deps.clock.now()).toISOString(),
    };
    await writeInstallMeta(paths.newDir, meta);
    await req.onStep?.('staged');
    req.progress?.(0.8, 'activating');
    const before = getPluginState(deps, req.pluginId);
    const path = pluginFolder(deps.settings.pluginsDir, req.pluginId);
    activating = true;
    await activateStaged(deps, paths, {
      journal,
      signal: req.signal,
      onStep: req.onStep,
      record: () =>
        deps.db.sqlite.transaction(() => {
          recordInstalled(deps, { manifest, path, source, repo, branch, pluginPath });
          removeTombstone(deps, req.pluginId);
        })(),
    });
    req.progress?.(1, 'activating', `${manifest.id} ${manifest.version} is in place`);
    const previousVersion = before && before.status !== 'uninstalled' ? before.version : null;
    return { manifest, previousVersion, commit, files: extracted.files, bytes: extracted.bytes };
  } catch (e) {
    // activateStaged cleans up after itself (or leaves its journal for recovery); before it, nothing is visible.
    if (!activating) {
      await discardStaging(paths).catch((err: unknown) =>
        deps.log.warn('could not remove a staging folder; recovery removes it at next start', {
          op_id: req.opId,
          error: (err as Error).message,
        }),
      );
    }
    throw e;
  }
}
