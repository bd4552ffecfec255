/**
 * The step log of one lifecycle operation, `plugin-repos/.staging/<opId>/journal.json`. It is
 * rewritten atomically before each step that changes what is visible, so after a crash recovery
 * knows which step may have been under way and can finish or undo it (recover.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { PLUGIN_SOURCES } from '../../../db/schema.ts';
import { writeJsonAtomic } from './files.ts';

export const JOURNAL_FILE = 'journal.json';

const base = {
  v: v.literal(1),
  opId: v.string(),
  pluginId: v.string(),
  startedAt: v.number(),
};

const swapJournal = v.object({
  ...base,
  kind: v.picklist(['install', 'update']),
  /** staging: nothing visible changed; swapping: renames may be under way; committed: the new version is in place. */
  phase: v.picklist(['staging', 'swapping', 'committed']),
  hadPrevious: v.boolean(),
});

const uninstallJournal = v.object({
  ...base,
  kind: v.literal('uninstall'),
  /** begun: config and tombstone may be changing; removing: the folder may be moving out; committed: done. */
  phase: v.picklist(['begun', 'removing', 'committed']),
  snapshot: v.object({ pluginId: v.string(), config: v.optional(v.unknown()), secrets: v.optional(v.unknown()) }),
  preserveConfig: v.boolean(),
  hadTombstone: v.boolean(),
  /** Whether the plugin's folder was there when the uninstall began. */
  present: v.boolean(),
  /** False for a built-in plugin (its files are part of Marquee and stay) or a folder already gone. */
  removeFiles: v.boolean(),
  /** Its data folder (`<dataDir>/plugins/<id>/`) goes too: unless the settings are preserved. */
  removeData: v.optional(v.boolean(), false),
  version: v.nullable(v.string()),
  source: v.nullable(v.picklist(PLUGIN_SOURCES)),
  /** The plugin_state row before, restored on rollback (null: there was none). */
  previousRow: v.nullable(v.record(v.string(), v.unknown())),
});

const journalSchema = v.variant('kind', [swapJournal, uninstallJournal]);

export type SwapJournal = v.InferOutput<typeof swapJournal>;
export type UninstallJournal = v.InferOutput<typeof uninstallJournal>;
export type Journal = v.InferOutput<typeof journalSchema>;

/** The journal may hold the plugin's secrets (uninstall snapshot): readable by the owner only. */
export const writeJournal = (dir: string, journal: Journal) =>
  writeJsonAtomic(path.join(dir, JOURNAL_FILE), journal, 0o600);

export type JournalRead = { state: 'absent' } | { state: 'corrupt'; error: string } | { state: 'ok'; journal: Journal };

export async function readJournal(dir: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, JOURNAL_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'corrupt', error: (e as Error).message };
  }
  try {
    const parsed = v.safeParse(journalSchema, JSON.parse(text));
    if (parsed.success) return { state: 'ok', journal: parsed.output };
    return { state: 'corrupt', error: parsed.issues[0]?.message ?? 'invalid journal' };
  } catch (e) {
    return { state: 'corrupt', error: (e as Error).message };
  }
}
