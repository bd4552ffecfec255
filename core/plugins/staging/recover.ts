/**
 * Crash recovery of lifecycle operations, run at start before anything else touches plugins (and
 * usable per operation by the queue's recover hook). For each staging folder the journal says
 * which step may have been under way; the rule is the same for every kind: once the step that
 * makes the change visible (the rename into place, or out of place for uninstall) has happened,
 * the operation is finished; before it, everything is put back. Either way the plugin ends
 * complete, with config, tombstone and state matching it, and the staging folder is removed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PluginConfigPort } from '../config-port.ts';
import { refreshPlugin, type DiscoveryOptions } from '../state/discovery.ts';
import { exists } from './files.ts';
import { pluginFolder } from '../package/id.ts';
import { readJournal, type SwapJournal, type UninstallJournal } from './journal.ts';
import {
  discardStaging,
  OP_ID_PATTERN,
  stagingPaths,
  stagingRoot,
  type LifecycleDeps,
  type StagingPaths,
} from './staging.ts';
import { rollbackSwap } from './swap.ts';
import { removeTombstone } from '../state/tombstones.ts';
import { rollbackUninstall, rollForwardUninstall } from '../uninstall.ts';

export type RecoveryResult = 'discarded' | 'rolled-back' | 'rolled-forward' | 'deferred';

export interface RecoveryOutcome {
  opId: string;
  pluginId?: string;
  kind?: string;
  result: RecoveryResult;
  reason?: string;
}

export interface RecoveryPorts extends DiscoveryOptions {
  /** Needed to finish or undo an uninstall that changed config; without it such a folder is kept for later. */
  config?: PluginConfigPort;
}

async function rollForwardSwap(deps: LifecycleDeps, paths: StagingPaths, j: SwapJournal, ports: RecoveryPorts) {
  removeTombstone(deps, j.pluginId);
  await refreshPlugin(deps, j.pluginId, ports);
  await discardStaging(paths);
}

async function settleSwap(deps: LifecycleDeps, paths: StagingPaths, j: SwapJournal, ports: RecoveryPorts) {
  if (j.phase === 'staging') {
    await discardStaging(paths);
    return 'discarded';
  }
  const movedIn = !(await exists(paths.newDir)) && (await exists(pluginFolder(deps.settings.pluginsDir, j.pluginId)));
  if (j.phase === 'committed' || movedIn) {
    await rollForwardSwap(deps, paths, j, ports);
    return 'rolled-forward';
  }
  await rollbackSwap(deps, paths, j);
  return 'rolled-back';
}

async function settleUninstall(deps: LifecycleDeps, paths: StagingPaths, j: UninstallJournal, ports: RecoveryPorts) {
  const config = ports.config ?? (j.preserveConfig ? noConfig : undefined);
  if (!config) return 'deferred';
  const movedOut =
    j.removeFiles &&
    (await exists(paths.removedDir)) &&
    !(await exists(pluginFolder(deps.settings.pluginsDir, j.pluginId)));
  if (j.phase === 'committed' || movedOut) {
    await rollForwardUninstall(deps, config, paths, j);
    return 'rolled-forward';
  }
  await rollbackUninstall(deps, config, paths, j);
  return 'rolled-back';
}

// With preserve_config the config was never touched, so nothing needs restoring or removing.
const noConfig: PluginConfigPort = {
  snapshot: async (pluginId) => ({ pluginId }),
  removeSection: async () => undefined,
  restore: async () => undefined,
};

/** Settles one operation's staging folder. */
export async function recoverStagingOp(
  deps: LifecycleDeps,
  opId: string,
  ports: RecoveryPorts = {},
): Promise<RecoveryOutcome> {
  const paths = stagingPaths(deps, opId);
  const read = await readJournal(paths.dir);
  if (read.state === 'absent') {
    // The journal is written before anything visible changes: without one, nothing did.
    await discardStaging(paths);
    return { opId, result: 'discarded' };
  }
  if (read.state === 'corrupt') {
    // It may hold the only copy of a plugin (previous/ or removed/): keep it for a person to look at.
    return { opId, result: 'deferred', reason: `unreadable journal: ${read.error}` };
  }
  const j = read.journal;
  const result =
    j.kind === 'uninstall' ? await settleUninstall(deps, paths, j, ports) : await settleSwap(deps, paths, j, ports);
  const reason = result === 'deferred' ? 'an uninstall needs the config store to finish' : undefined;
  return { opId, pluginId: j.pluginId, kind: j.kind, result, reason };
}

/** Settles every staging folder; anything in `.staging` that is not an operation folder is debris and removed. */
export async function recoverStaging(deps: LifecycleDeps, ports: RecoveryPorts = {}): Promise<RecoveryOutcome[]> {
  const root = stagingRoot(deps);
  const entries = await fs.readdir(root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const outcomes: RecoveryOutcome[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !OP_ID_PATTERN.test(e.name)) {
      await fs.rm(path.join(root, e.name), { recursive: true, force: true });
      outcomes.push({ opId: e.name, result: 'discarded', reason: 'not an operation folder' });
      continue;
    }
    const outcome = await recoverStagingOp(deps, e.name, ports);
    outcomes.push(outcome);
    const level = outcome.result === 'deferred' ? 'error' : 'warn';
    deps.log[level]('plugin operation recovered after a crash', { ...outcome });
  }
  return outcomes;
}
