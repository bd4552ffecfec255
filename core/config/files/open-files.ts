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
import { readStamped, type StampedText } from './disk-file.ts';
import { createFileState, type FileState, type FileStateDeps } from './file-state.ts';
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

function load(paths: ConfigPaths, history: History, kind: ConfigFileKind, empty: JsonObject): Loaded {
  const read = readStamped(paths[kind]);
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
  if (!fs.existsSync(paths.main)) {
    writeFileAtomicSync(paths.main, toJsonText(defaultMainConfig(deps.settings)), FILE_MODES.main);
    deps.log.info('created config.json from defaults', { path: paths.main });
  }
  if (!fs.existsSync(paths.secrets)) writeFileAtomicSync(paths.secrets, '{}\n', FILE_MODES.secrets);
  else if ((fs.statSync(paths.secrets).mode & 0o077) !== 0) {
    fs.chmodSync(paths.secrets, FILE_MODES.secrets);
    deps.log.info('made config_secrets.json readable by its owner only', { path: paths.secrets });
  }
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
