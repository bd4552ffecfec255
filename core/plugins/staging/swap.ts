/**
 * Activation of a staged plugin by rename, with the running version kept aside until the new one
 * is in place and recorded. Order, each step journaled first (journal.ts):
 *   journal swapping → plugins/<id> → staging/previous → staging/new → plugins/<id> → record in DB
 *   → journal committed → staging removed (with the previous version).
 * Any failure or abort before the record restores the previous version exactly; after the record
 * the operation has succeeded and leftovers are only debris for recovery to sweep.
 */
import fs from 'node:fs/promises';
import { fsyncDir } from '../../platform/fsync.ts';
import { exists } from './files.ts';
import { pluginFolder } from '../package/id.ts';
import { writeJournal, type SwapJournal } from './journal.ts';
import { discardStaging, type LifecycleDeps, type StagingPaths } from './staging.ts';

/** Named points of install, update and uninstall, for progress logs and for crash tests that stop a process at each. */
export type StepHook = (step: string) => void | Promise<void>;

export const SWAP_STEPS = [
  'swap:journaled',
  'swap:moved-aside',
  'swap:moved-in',
  'swap:recorded',
  'swap:committed',
] as const;

export interface ActivateOptions {
  journal: SwapJournal;
  signal?: AbortSignal;
  onStep?: StepHook;
  /** Records the new version in the database (one transaction); runs once the new folder is in place. */
  record(): void;
}

/**
 * Puts back what was there before a swap: the new version (if it was moved in) goes back to
 * staging, the previous one (if it was moved aside) returns, then staging is removed.
 */
export async function rollbackSwap(deps: LifecycleDeps, paths: StagingPaths, journal: SwapJournal): Promise<void> {
  const target = pluginFolder(deps.settings.pluginsDir, journal.pluginId);
  if (journal.phase === 'swapping' && !(await exists(paths.newDir)) && (await exists(target))) {
    await fs.rename(target, paths.newDir);
  }
  if (journal.hadPrevious && !(await exists(target)) && (await exists(paths.previousDir))) {
    await fs.rename(paths.previousDir, target);
  }
  await fsyncDir(deps.settings.pluginsDir);
  await discardStaging(paths);
}

export async function activateStaged(deps: LifecycleDeps, paths: StagingPaths, opts: ActivateOptions): Promise<void> {
  const target = pluginFolder(deps.settings.pluginsDir, opts.journal.pluginId);
  opts.signal?.throwIfAborted();
  const journal: SwapJournal = { ...opts.journal, phase: 'swapping', hadPrevious: await exists(target) };
  await writeJournal(paths.dir, journal);
  await opts.onStep?.('swap:journaled');
  try {
    if (journal.hadPrevious) {
      await fs.rename(target, paths.previousDir);
      await opts.onStep?.('swap:moved-aside');
    }
    // The last point where a cancel is honoured: after it the swap completes.
    opts.signal?.throwIfAborted();
    await fs.rename(paths.newDir, target);
    await fsyncDir(deps.settings.pluginsDir);
    await opts.onStep?.('swap:moved-in');
    opts.record();
  } catch (e) {
    await rollbackSwap(deps, paths, journal).catch((err: unknown) =>
      deps.log.error('rollback of a plugin swap failed; recovery finishes it at next start', {
        plugin_id: journal.pluginId,
        op_id: journal.opId,
        error: (err as Error).message,
      }),
    );
    throw e;
  }
  await finish(deps, paths, journal, opts.onStep);
}

async function finish(deps: LifecycleDeps, paths: StagingPaths, journal: SwapJournal, onStep?: StepHook) {
  try {
    await onStep?.('swap:recorded');
    await writeJournal(paths.dir, { ...journal, phase: 'committed' });
    await onStep?.('swap:committed');
    await discardStaging(paths);
  } catch (e) {
    deps.log.warn('staging cleanup after a swap failed; recovery removes it at next start', {
      plugin_id: journal.pluginId,
      op_id: journal.opId,
      error: (e as Error).message,
    });
  }
}
