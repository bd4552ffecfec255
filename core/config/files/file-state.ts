/**
 * The last good content of config.json and config_secrets.json, kept in memory and re-read only
 * when a file's size, mtime or inode changed (a hand edit wins, once it parses). A file that no
 * longer parses is reported with its line and column while the last good content keeps being
 * served; the next save keeps a copy of it as `<name>.invalid-<time>` instead of overwriting it.
 */
import fs from 'node:fs';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/log.ts';
import {
  hashText,
  readStamped,
  sameStamp,
  statStamp,
  unreadableReason,
  type Stamp,
  type StampedText,
} from './disk-file.ts';
import { parseJson } from './json-text.ts';
import { isPlainObject } from '../plan/merge.ts';
import { fileStamp, type ConfigPaths } from './paths.ts';
import { CONFIG_FILES, type ConfigFileKind, type ConfigProblem, type ConfigState, type JsonObject } from '../types.ts';

const KINDS: readonly ConfigFileKind[] = ['main', 'secrets'];
const textKey = (kind: ConfigFileKind) => (kind === 'main' ? 'mainText' : 'secretsText');

export interface FileStateDeps {
  clock: Clock;
  log: Logger;
  /**
   * A file that parsed stopped parsing while Marquee runs (a hand edit): the content still served
   * is the last good one, worth keeping before a restart would have only the history to serve.
   */
  onBroken?: (kind: ConfigFileKind) => void;
}

const UNREADABLE = new Set<ConfigProblem['kind']>(['parse', 'not-object']);
/** What an unreadable secrets file is served as. */
export const EMPTY_TEXT = '{}\n';
export const SERVING_NO_SECRETS = 'the settings without secrets';

export function createFileState(paths: ConfigPaths, deps: FileStateDeps, initial: ConfigState) {
  let state = initial;
  const known: Record<ConfigFileKind, Stamp | null> = { main: null, secrets: null };
  const hashes: Record<ConfigFileKind, string> = {
    main: hashText(initial.mainText),
    secrets: hashText(initial.secretsText),
  };
  const problems = new Map<ConfigFileKind, ConfigProblem>();
  const listeners = new Set<(s: ConfigState) => void>();

  const report = (kind: ConfigFileKind, p: Omit<ConfigProblem, 'file' | 'detected_at'>) => {
    const prev = problems.get(kind);
    if (prev && prev.kind === p.kind && prev.message === p.message && prev.line === p.line) return;
    // Still broken after a start served a backup: that backup is still what is served.
    const serving = p.serving ?? prev?.serving;
    problems.set(kind, {
      file: CONFIG_FILES[kind],
      detected_at: new Date(deps.clock.now()).toISOString(),
      ...p,
      ...(serving ? { serving } : {}),
    });
    deps.log.warn('config file problem; serving the last good content', { ...problems.get(kind) });
  };

  /** Reports a file that does not parse, and says so once when it parsed before. */
  const reportUnreadable = (kind: ConfigFileKind, p: Omit<ConfigProblem, 'file' | 'detected_at'>) => {
    const before = problems.get(kind)?.kind;
    report(kind, p);
    if (!before || !UNREADABLE.has(before)) deps.onBroken?.(kind);
  };

  function adoptText(kind: ConfigFileKind, read: StampedText): boolean {
    known[kind] = read.stamp;
    if (read.hash === hashes[kind]) {
      problems.delete(kind);
      return false;
    }
    const parsed = parseJson(read.text);
    if (!parsed.ok) {
      reportUnreadable(kind, {
        kind: 'parse',
        message: parsed.error.message,
        line: parsed.error.line,
        column: parsed.error.column,
      });
      return false;
    }
    if (!isPlainObject(parsed.value)) {
      reportUnreadable(kind, { kind: 'not-object', message: 'the file must hold one JSON object', line: 1, column: 1 });
      return false;
    }
    problems.delete(kind);
    hashes[kind] = read.hash;
    state = { ...state, [kind]: parsed.value, [textKey(kind)]: read.text, generation: state.generation + 1 };
    return true;
  }

  /**
   * The file is there but cannot be read. The secrets file then serves no secrets (nothing stale is
   * passed off as current); config.json keeps its last good content, as when it stops parsing. It
   * is looked at again on every refresh: a repaired permission changes none of the stamp's facts.
   */
  function unreadable(kind: ConfigFileKind, e: unknown): boolean {
    known[kind] = null;
    report(kind, {
      kind: 'unreadable',
      message: unreadableReason(e),
      ...(kind === 'secrets' ? { serving: SERVING_NO_SECRETS } : {}),
    });
    const holdsSecrets = Object.keys(state.secrets).length > 0 || state.secretsText !== EMPTY_TEXT;
    if (kind !== 'secrets' || !holdsSecrets) return false;
    hashes.secrets = hashText(EMPTY_TEXT);
    state = { ...state, secrets: {}, secretsText: EMPTY_TEXT, generation: state.generation + 1 };
    return true;
  }

  function refreshKind(kind: ConfigFileKind): boolean {
    let stamp: Stamp | null;
    let read: StampedText | null;
    try {
      stamp = statStamp(paths[kind]);
      if (stamp && sameStamp(stamp, known[kind])) return false;
      read = stamp ? readStamped(paths[kind]) : null;
    } catch (e) {
      return unreadable(kind, e);
    }
    if (!read) {
      known[kind] = null;
      report(kind, { kind: 'missing', message: 'the file is missing; the next save writes it again' });
      return false;
    }
    return adoptText(kind, read);
  }

  const notify = () => {
    for (const fn of listeners) fn(state);
  };

  return {
    get state() {
      return state;
    },
    /** Picks up changes made outside Marquee; true when the content changed. */
    refresh(): boolean {
      const changed = KINDS.map(refreshKind).some(Boolean);
      if (changed) {
        deps.log.info('config changed on disk; picked up', { generation: state.generation });
        notify();
      }
      return changed;
    },
    /** After a save: the new content, with the stamps of the files as written and re-read. */
    adopt(next: Omit<ConfigState, 'generation'>, reads: Partial<Record<ConfigFileKind, StampedText>>) {
      state = { ...next, generation: state.generation + 1 };
      for (const kind of KINDS) {
        const read = reads[kind];
        if (!read) continue;
        known[kind] = read.stamp;
        hashes[kind] = read.hash;
        problems.delete(kind);
      }
      notify();
    },
    problems: (): ConfigProblem[] => KINDS.flatMap((k) => (problems.has(k) ? [problems.get(k)!] : [])),
    problemOf: (kind: ConfigFileKind) => problems.get(kind),
    /**
     * Keeps a copy of a file that does not parse beside it, flushed, and returns its name. A copy,
     * not a rename: the file keeps its name until the new content is renamed over it, so a crash in
     * between never leaves config.json missing (which start-up would fill with defaults).
     */
    keepAside(kind: ConfigFileKind): string | null {
      const p = problems.get(kind);
      if (!p || (p.kind !== 'parse' && p.kind !== 'not-object') || !fs.existsSync(paths[kind])) return null;
      const target = `${paths[kind]}.invalid-${fileStamp(deps.clock.now())}`;
      fs.copyFileSync(paths[kind], target, fs.constants.COPYFILE_EXCL);
      const fd = fs.openSync(target, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      deps.log.warn('kept a config file that did not parse aside', { file: CONFIG_FILES[kind], kept_as: target });
      return target;
    },
    subscribe(fn: (s: ConfigState) => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** Marks the files as read at start (their stamps), so the first request does not re-read them. */
    markRead(kind: ConfigFileKind, read: StampedText | null, problem?: Omit<ConfigProblem, 'file' | 'detected_at'>) {
      known[kind] = read?.stamp ?? null;
      if (problem) report(kind, problem);
    },
  };
}

export type FileState = ReturnType<typeof createFileState>;
