/**
 * Start-up of the config files, before anything reads them: finish or discard a save a crash
 * interrupted, take backup folders of earlier versions into the history, create missing files from
 * defaults (first start), make the secrets file private, and load both. A file that does not parse
 * at start is served from the newest history row that does (or defaults) and reported.
 */
import fs from 'node:fs';
import type { Settings } from '../../../hono.config.ts';
import { recoverCommitsSync, writeFileAtomicSync } from './atomic-write.ts';
import type { ConfigHistory } from '../history.ts';
import { importLegacyBackups } from './legacy-backups.ts';
import { defaultMainConfig } from '../schema/defaults.ts';
import { readStamped, unreadableReason, type StampedText } from './disk-file.ts';
import { createFileState, EMPTY_TEXT, SERVING_NO_SECRETS, type FileState, type FileStateDeps } from './file-state.ts';
import { parseJson, toJsonText } from './json-text.ts';
import { isPlainObject } from '../plan/merge.ts';
import { FILE_MODES, type ConfigPaths } from './paths.ts';
import type { ConfigFileKind, ConfigProblem, JsonObject } from '../types.ts';

type Loaded = {
  value: JsonObject;
  text: string;
  read: StampedText | null;
  problem?: Omit<ConfigProblem, 'file' | 'detected_at'>;
};

type History = Pick<ConfigHistory, 'ids' | 'read' | 'adopt'>;

/**
 * What to serve for a file that is missing or broken at start: the newest history row that parses,
 * else an empty object. That is the last good content when Marquee was running as the file broke
 * (it keeps it in the history then), otherwise the content before the last save (whose values are
 * usually in the broken file itself, which the next save keeps a copy of). `from` names it for the
 * report.
 */
function fallback(
  history: History,
  kind: ConfigFileKind,
  empty: JsonObject,
): { value: JsonObject; text: string; from: string } {
  for (const id of history.ids()) {
    const pair = history.read(id);
    const parsed = pair ? parseJson(pair[kind]) : null;
    if (parsed?.ok && isPlainObject(parsed.value))
      return { value: parsed.value, text: pair![kind], from: `backup ${id}` };
  }
  return { value: empty, text: toJsonText(empty), from: 'an empty configuration (no backup parses)' };
}

/**
 * A file that is there but cannot be read: config.json is served from the newest history row, as
 * when it does not parse; the secrets file serves no secrets. Saves that would write it are refused.
 */
function unreadable(history: History, kind: ConfigFileKind, e: unknown): Loaded {
  const message = unreadableReason(e);
  if (kind === 'secrets')
    return {
      value: {},
      text: EMPTY_TEXT,
      read: null,
      problem: { kind: 'unreadable', message, serving: SERVING_NO_SECRETS },
    };
  const { value, text, from } = fallback(history, kind, {});
  return { value, text, read: null, problem: { kind: 'unreadable', message, serving: from } };
}

function load(paths: ConfigPaths, history: History, kind: ConfigFileKind, empty: JsonObject): Loaded {
  let read: StampedText | null;
  try {
    read = readStamped(paths[kind]);
  } catch (e) {
    return unreadable(history, kind, e);
  }
  if (!read) {
    const { value, text, from } = fallback(history, kind, empty);
    return { value, text, read, problem: { kind: 'missing', message: 'the file is missing', serving: from } };
  }
  const parsed = parseJson(read.text);
  if (parsed.ok && isPlainObject(parsed.value)) return { value: parsed.value, text: read.text, read };
  const { value, text, from } = fallback(history, kind, empty);
  const problem: Loaded['problem'] = parsed.ok
    ? { kind: 'not-object', message: 'the file must hold one JSON object', line: 1, column: 1, serving: from }
    : {
        kind: 'parse',
        message: parsed.error.message,
        line: parsed.error.line,
        column: parsed.error.column,
        serving: from,
      };
  return { value, text, read, problem };
}

/**
 * Only a file that is certainly not there is created: one that cannot even be looked at (a
 * permission, a link that loops) may hold settings, and is reported when read instead.
 */
function isAbsent(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

/** The secrets file readable by its owner only; one Marquee cannot change is reported when read. */
function makePrivate(file: string, log: FileStateDeps['log']): void {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || (st.mode & 0o077) === 0) return;
    fs.chmodSync(file, FILE_MODES.secrets);
    log.info('made config_secrets.json readable by its owner only', { path: file });
  } catch (e) {
    log.warn('could not make config_secrets.json private', { path: file, error: (e as Error).message });
  }
}

export function openConfigFiles(
  paths: ConfigPaths,
  history: History,
  deps: FileStateDeps & { settings: Settings },
): FileState {
  fs.mkdirSync(paths.dir, { recursive: true });
  const recovered = recoverCommitsSync(paths.dir);
  if (recovered.completed.length || recovered.removed.length)
    deps.log.warn('finished a config save interrupted by a crash', recovered);
  const legacy = importLegacyBackups(paths.backups, history);
  if (legacy.taken.length) deps.log.info('moved config backup folders into the settings history', legacy);
  if (legacy.left.length) deps.log.warn('could not read some config backup folders; left in place', legacy);
  if (isAbsent(paths.main)) {
    writeFileAtomicSync(paths.main, toJsonText(defaultMainConfig(deps.settings)), FILE_MODES.main);
    deps.log.info('created config.json from defaults', { path: paths.main });
  }
  if (isAbsent(paths.secrets)) writeFileAtomicSync(paths.secrets, '{}\n', FILE_MODES.secrets);
  else makePrivate(paths.secrets, deps.log);
  const main = load(paths, history, 'main', {});
  const secrets = load(paths, history, 'secrets', {});
  const state = createFileState(paths, deps, {
    main: main.value,
    secrets: secrets.value,
    mainText: main.text,
    secretsText: secrets.text,
    generation: 1,
  });
  state.markRead('main', main.read, main.problem);
  state.markRead('secrets', secrets.read, secrets.problem);
  return state;
}
