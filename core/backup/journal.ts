/**
 * The step log of one restore, `<dataDir>/restore/<opId>/journal.json`, rewritten atomically before
 * each step that changes what is visible. The commit point is the database transaction that
 * replaces the restored tables and records the restore in `backup_restores`: recovery finishes a
 * restore whose record is there and undoes one whose record is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { fsyncDirSync } from '../platform/fsync.ts';

export const JOURNAL_FILE = 'journal.json';

const itemSchema = v.object({
  /** Path inside the extracted backup (`config/config.json`, `uploads`). */
  entry: v.string(),
  /** Where it goes. */
  target: v.string(),
  /** Whether something was at `target` before (it is kept in `old/<index>` until the commit). */
  hadOld: v.boolean(),
});

const journalSchema = v.object({
  v: v.literal(1),
  opId: v.string(),
  /** staging: nothing visible changed; swapping: renames may be under way; committed: recorded. */
  phase: v.picklist(['staging', 'swapping', 'committed']),
  items: v.array(itemSchema),
});

export type RestoreJournal = v.InferOutput<typeof journalSchema>;
export type RestoreItem = v.InferOutput<typeof itemSchema>;

/** Written to a temporary file, flushed, renamed over: a crash leaves the old journal or the new. */
export function writeJournal(dir: string, journal: RestoreJournal): void {
  const file = path.join(dir, JOURNAL_FILE);
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, JSON.stringify(journal, null, 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDirSync(dir);
}

export type JournalRead =
  { state: 'absent' } | { state: 'corrupt'; error: string } | { state: 'ok'; journal: RestoreJournal };

export function readJournal(dir: string): JournalRead {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'corrupt', error: (e as Error).message };
  }
  try {
    const r = v.safeParse(journalSchema, JSON.parse(text));
    return r.success ? { state: 'ok', journal: r.output } : { state: 'corrupt', error: r.issues[0]!.message };
  } catch (e) {
    return { state: 'corrupt', error: (e as Error).message };
  }
}
