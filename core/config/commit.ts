/**
 * Writing a planned save: back up the current pair, write the changed files atomically, read them
 * back and compare, and on any failure put the previous content back. A file that did not parse is
 * copied aside first, never overwritten unseen. Callers hold the files lock.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { discardFiles, type finishFiles, type prepareFiles, type PreparedFiles } from './files/atomic-write.ts';
import { pruneBackups, type createBackup } from './files/backups.ts';
import { hashText, readStamped, type StampedText } from './files/disk-file.ts';
import type { FileState } from './files/file-state.ts';
import { toJsonText } from './files/json-text.ts';
import { changedKeys, jsonEqual } from './plan/merge.ts';
import { FILE_MODES, type ConfigPaths } from './files/paths.ts';
import type { Plan } from './plan/context.ts';
import { CONFIG_FILES, type ConfigFileKind } from './types.ts';

export interface ConfigIo {
  prepareFiles: typeof prepareFiles;
  finishFiles: typeof finishFiles;
  createBackup: typeof createBackup;
}

export interface CommitDeps {
  paths: ConfigPaths;
  files: FileState;
  io: ConfigIo;
  clock: Clock;
  log: Logger;
  backupsKeep: number;
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

async function restore(d: CommitDeps, kinds: ConfigFileKind[], previous: Record<ConfigFileKind, string>) {
  try {
    const writes = kinds.map((k) => ({ path: d.paths[k], data: previous[k], mode: FILE_MODES[k] }));
    await d.io.finishFiles(await d.io.prepareFiles(writes));
    d.files.refresh();
  } catch (e) {
    d.log.error('could not restore config after a failed save; backups hold the previous pair', {
      error: (e as Error).message,
    });
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
  // The backup and the new files are written side by side; nothing is renamed until both are on disk.
  const [backed, prepared] = await Promise.allSettled([
    d.io.createBackup(d.paths.backups, d.clock.now(), previous, { reason: plan.reason, changed_sections }),
    d.io.prepareFiles(writes),
  ]);
  if (backed.status === 'rejected' || prepared.status === 'rejected') {
    if (prepared.status === 'fulfilled') await discardFiles(prepared.value);
    const cause = backed.status === 'rejected' ? backed.reason : (prepared as PromiseRejectedResult).reason;
    throw saveFailed(cause, kinds, null);
  }
  const backup = backed.value;
  // A file that does not parse is copied aside (bytes kept) only now, just before it is replaced.
  const kept_aside = kinds.map((k) => d.files.keepAside(k)).filter((p): p is string => !!p);
  let reads: Partial<Record<ConfigFileKind, StampedText>>;
  try {
    await d.io.finishFiles(prepared.value as PreparedFiles);
    reads = verify(d.paths, texts, kinds);
  } catch (e) {
    await restore(d, kinds, previous);
    throw saveFailed(e, kinds, backup);
  }
  d.files.adopt({ main: plan.main, secrets: plan.secrets, mainText: texts.main, secretsText: texts.secrets }, reads);
  await pruneBackups(d.paths.backups, d.backupsKeep).catch((e: Error) =>
    d.log.warn('could not prune old config backups', { error: e.message }),
  );
  return { backup, changed_files: kinds.map((k) => CONFIG_FILES[k]), changed_sections, kept_aside };
}
