/**
 * Writing a planned save: keep the current pair in the history, write the changed files
 * atomically, read them back and compare, and on any failure put the previous content back (and
 * drop the history row of the change that did not happen). A file that did not parse is copied
 * aside first, never overwritten unseen. Callers hold the files lock.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { type finishFiles, type prepareFiles } from './files/atomic-write.ts';
import { hashText, readStamped, type StampedText } from './files/disk-file.ts';
import type { FileState } from './files/file-state.ts';
import { toJsonText } from './files/json-text.ts';
import { changedKeys, jsonEqual } from './plan/merge.ts';
import { FILE_MODES, type ConfigPaths } from './files/paths.ts';
import type { ConfigHistory } from './history.ts';
import type { Plan } from './plan/context.ts';
import { CONFIG_FILES, type ConfigFileKind } from './types.ts';

export interface ConfigIo {
  prepareFiles: typeof prepareFiles;
  finishFiles: typeof finishFiles;
}

export interface CommitDeps {
  paths: ConfigPaths;
  files: FileState;
  io: ConfigIo;
  history: Pick<ConfigHistory, 'record' | 'remove'>;
  clock: Clock;
  log: Logger;
}

export interface CommitOutcome {
  backup: string | null;
  changed_files: string[];
  changed_sections: string[];
  kept_aside: string[];
}

const KINDS: readonly ConfigFileKind[] = ['main', 'secrets'];

function verify(paths: ConfigPaths, texts: Record<ConfigFileKind, string>, kinds: ConfigFileKind[]) {
  const reads: Partial<Record<ConfigFileKind, StampedText>> = {};
  for (const kind of kinds) {
    const read = readStamped(paths[kind]);
    if (!read || read.hash !== hashText(texts[kind]))
      throw new Error(`${CONFIG_FILES[kind]} reads back different from what was written`);
    reads[kind] = read;
  }
  return reads;
}

/** Puts the previous content back; false when that failed too (the history row then keeps it). */
async function restore(d: CommitDeps, kinds: ConfigFileKind[], previous: Record<ConfigFileKind, string>) {
  try {
    const writes = kinds.map((k) => ({ path: d.paths[k], data: previous[k], mode: FILE_MODES[k] }));
    await d.io.finishFiles(await d.io.prepareFiles(writes));
    d.files.refresh();
    return true;
  } catch (e) {
    d.log.error('could not restore config after a failed save; the history holds the previous pair', {
      error: (e as Error).message,
    });
    return false;
  }
}

const saveFailed = (e: unknown, kinds: ConfigFileKind[], backup: string | null) =>
  new AppError('CONFIG_SAVE_FAILED', {
    message: 'Failed to save configuration; the previous configuration was kept',
    details: (e as Error).message,
    context: { files: kinds.map((k) => CONFIG_FILES[k]), backup },
    cause: e,
  });

/** Its content is unknown, so writing it could destroy what it holds: nothing is saved. */
const cannotOverwrite = (kind: ConfigFileKind, reason: string) =>
  new AppError('CONFIG_FILE_UNREADABLE', {
    message: `${CONFIG_FILES[kind]} cannot be read (${reason}); this save would overwrite it, so nothing was saved`,
    context: { file: CONFIG_FILES[kind], reason },
  });

export async function commitPlan(d: CommitDeps, plan: Plan): Promise<CommitOutcome> {
  const cur = d.files.state;
  const previous = { main: cur.mainText, secrets: cur.secretsText };
  const texts = {
    main: plan.texts?.main ?? (plan.main === cur.main ? cur.mainText : toJsonText(plan.main)),
    secrets: plan.texts?.secrets ?? (plan.secrets === cur.secrets ? cur.secretsText : toJsonText(plan.secrets)),
  };
  const unreadable = (k: ConfigFileKind) => d.files.problemOf(k)?.kind === 'unreadable';
  // What is served for a file that cannot be read stands in for content nobody knows: a plan that
  // restores whole files, or changes this one's content, would replace it.
  const blocked = KINDS.find((k) => unreadable(k) && (plan.texts !== undefined || !jsonEqual(plan[k], cur[k])));
  if (blocked) throw cannotOverwrite(blocked, d.files.problemOf(blocked)!.message);
  // A file that does not parse is rewritten by any save.
  const kinds = KINDS.filter((k) => !unreadable(k) && (texts[k] !== previous[k] || d.files.problemOf(k)));
  if (!kinds.length) return { backup: null, changed_files: [], changed_sections: [], kept_aside: [] };
  const changed_sections = [
    ...new Set([...changedKeys(cur.main, plan.main), ...changedKeys(cur.secrets, plan.secrets)]),
  ].sort();
  const writes = kinds.map((k) => ({ path: d.paths[k], data: texts[k], mode: FILE_MODES[k] }));
  const backup = d.history.record(previous, d.clock.now(), { reason: plan.reason, changed_sections });
  // A failed save leaves the files and the history as they were, unless the files could not be put
  // back: then the row is where the previous pair is, and the error names it.
  const undo = async (e: unknown, filesTouched: boolean) => {
    if (filesTouched && !(await restore(d, kinds, previous))) return saveFailed(e, kinds, backup);
    try {
      d.history.remove(backup);
    } catch (err) {
      d.log.warn('could not drop the history row of a failed save', { error: (err as Error).message });
    }
    return saveFailed(e, kinds, null);
  };
  let prepared;
  try {
    prepared = await d.io.prepareFiles(writes);
  } catch (e) {
    throw await undo(e, false);
  }
  // A file that does not parse is copied aside (bytes kept) only now, just before it is replaced.
  const kept_aside = kinds.map((k) => d.files.keepAside(k)).filter((p): p is string => !!p);
  let reads: Partial<Record<ConfigFileKind, StampedText>>;
  try {
    await d.io.finishFiles(prepared);
    reads = verify(d.paths, texts, kinds);
  } catch (e) {
    throw await undo(e, true);
  }
  d.files.adopt({ main: plan.main, secrets: plan.secrets, mainText: texts.main, secretsText: texts.secrets }, reads);
  return { backup, changed_files: kinds.map((k) => CONFIG_FILES[k]), changed_sections, kept_aside };
}
