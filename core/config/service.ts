/**
 * The config store (the `config` service): the one reader and writer of config/config.json and
 * config/config_secrets.json. Reads are served from memory and re-read only when a file changed on
 * disk; saves are described changes applied one at a time to the files (so two saves of different
 * sections both persist), each validated, kept in the settings history and written atomically.
 */
import { isAppError, type AppError } from '../platform/errors/app-error.ts';
import type { Check } from '../platform/check.ts';
import type { Platform } from '../platform/index.ts';
import { finishFiles, prepareFiles } from './files/atomic-write.ts';
import { createConfigHistory, type BackupInfo, type ConfigPair, type HistoryMeta } from './history.ts';
import { keyOf, type ConfigChange, type SaveResult } from './change.ts';
import { commitPlan, type ConfigIo } from './commit.ts';
import { coreSecretsOf } from './secrets/core.ts';
import { configHealth, valueProblems } from './health.ts';
import { createChangeInbox } from './inbox.ts';
import { createKeyedLock } from './key-lock.ts';
import { getPath } from './plan/merge.ts';
import { openConfigFiles } from './files/open-files.ts';
import { configPaths } from './files/paths.ts';
import { planChange } from './plan/plan.ts';
import { requireKnownPlugin, sectionOf, type PlanContext } from './plan/context.ts';
import { createAjv } from './schema/validate-plugin.ts';
import { schemaDefaults, withDefaults } from './schema/plugin.ts';
import { isKnownPlugin } from './plugins-known.ts';
import { createSchemaCache } from './schema/cache.ts';
import { overlaySecrets } from './secrets/split.ts';
import { CONFIG_FILES, type ConfigFileKind, type ConfigProblem, type ConfigState, type JsonObject } from './types.ts';
import { mainView, pluginView, scheduleView, schemaView, secretsView } from './views.ts';

export type ConfigStoreDeps = Pick<Platform, 'settings' | 'clock' | 'log' | 'db'>;

export function createConfigService(deps: ConfigStoreDeps, opts: { io?: Partial<ConfigIo> } = {}) {
  const log = deps.log.child({ area: 'config' });
  const paths = configPaths(deps.settings.configDir);
  const pluginsDir = deps.settings.pluginsDir;
  const io: ConfigIo = { prepareFiles, finishFiles, ...opts.io };
  const history = createConfigHistory(deps.db.sqlite, { keep: deps.settings.config.backupsKeep });
  const fileLock = createKeyedLock();

  /**
   * A hand edit broke a file: the content still served (the last good one) becomes the newest
   * history row, so a restart before the file is fixed serves it, not the content before the last
   * save. Under the files lock, as a save's row is; skipped if a save replaced the file meanwhile.
   */
  const keepLastGood = (kind: ConfigFileKind) =>
    void fileLock
      .run('files', async () => {
        const problem = files.problemOf(kind)?.kind;
        if (problem !== 'parse' && problem !== 'not-object') return;
        const { mainText, secretsText } = files.state;
        const reason = `last good content, kept when ${CONFIG_FILES[kind]} stopped parsing`;
        const id = history.record({ main: mainText, secrets: secretsText }, deps.clock.now(), { reason });
        log.info('kept the last good config as a backup', { file: CONFIG_FILES[kind], backup: id });
      })
      .catch((e: Error) => log.warn('could not keep the last good config as a backup', { error: e.message }));

  const files = openConfigFiles(paths, history, { ...deps, log, onBroken: keepLastGood });
  let ajv: ReturnType<typeof createAjv> | null = null;
  const schemas = createSchemaCache(pluginsDir, () => (ajv ??= createAjv(log)));
  let mainCache: { generation: number; schemas: number; view: JsonObject } | null = null;
  let valueCache: { state: ConfigState; problems: ConfigProblem[] } | null = null;

  const fresh = (): ConfigState => {
    files.refresh();
    return files.state;
  };
  const ctx = (): PlanContext & { history: typeof history } => ({ state: fresh(), schemas, pluginsDir, history });

  /**
   * Applies one change now. Only for code running inside an operation that holds the change's key
   * (`keyOf(change)`): the configure executor, and lifecycle executors holding the plugin id. Anything
   * else saves through `saveConfig` (./save.ts), which makes the save an operation. Changes of
   * different keys may call this at once: the files are written one change at a time, each planned
   * on the content the previous one left, so neither is lost.
   */
  async function apply(change: ConfigChange, signal?: AbortSignal): Promise<SaveResult> {
    return fileLock.run('files', async () => {
      signal?.throwIfAborted();
      const plan = planChange(ctx(), change);
      // Last point to give up: past it the save completes, so a cancel never leaves half a save.
      signal?.throwIfAborted();
      const outcome = await commitPlan({ paths, files, io, history, clock: deps.clock, log }, plan);
      const result: SaveResult = { op: change.op, key: keyOf(change), message: plan.message, ...outcome };
      if (plan.secretFieldsSaved !== undefined) result.secret_fields_saved = plan.secretFieldsSaved;
      if (plan.restored) result.restored_backup = plan.restored;
      log.info('config saved', {
        op: change.op,
        key: result.key,
        backup: outcome.backup,
        sections: outcome.changed_sections,
      });
      return result;
    });
  }

  const problems = (): ConfigProblem[] => {
    const state = fresh();
    if (valueCache?.state !== state) valueCache = { state, problems: valueProblems(state, deps.clock) };
    return [...files.problems(), ...valueCache.problems];
  };

  return {
    paths,
    apply,
    /**
     * Whether a change would be accepted now, without writing or queueing anything: the error it
     * would be refused with, or null. For callers that would otherwise retry a refused save forever.
     */
    refusalOf(change: ConfigChange): AppError | null {
      try {
        planChange(ctx(), change);
        return null;
      } catch (e) {
        if (isAppError(e)) return e;
        throw e;
      }
    },
    /** Changes of configure operations waiting for their executor (never persisted). */
    inbox: createChangeInbox(),
    /** The current content, unmasked: for the runtime and the plugin lifecycle, never for a response. */
    state: fresh,
    refresh: () => files.refresh(),
    subscribe: files.subscribe,
    problems,
    health: (): Check => configHealth(problems()),
    isKnownPlugin: (id: string) => isKnownPlugin(pluginsDir, fresh().main, id),
    /** Drops cached schemas (after a plugin is installed, updated or removed). */
    invalidatePlugin: (id?: string) => schemas.invalidate(id),
    /** A stored secret for Marquee's own use (e.g. ['github', 'api_token']); never for a response. */
    secret: (path: string[]): unknown => getPath(fresh().secrets, path),
    /** The GitHub token and the webhook secret, read fresh (a hand edit applies at once); never for a response. */
    coreSecrets: () => coreSecretsOf(fresh().secrets),
    /** A plugin's settings as it runs with them: stored values over defaults, secrets included. */
    pluginSettings(id: string): JsonObject {
      const state = fresh();
      const entry = schemas.get(id, { fresh: true });
      const effective = overlaySecrets(sectionOf(state.main[id]), state.secrets[id]);
      return withDefaults(schemaDefaults(entry.schema, state.main.location), effective) as JsonObject;
    },
    /** The settings history, newest first (`GET /api/v3/config/backups`). */
    backups: (): BackupInfo[] => history.list(),
    /** One history row's pair of files, unmasked (never for a response as it is), or null. */
    backup: (id: string): ConfigPair | null => history.read(id),
    /** Keeps `pair` as the newest history row (e.g. the config as it was before a restore); returns its id. */
    keep: (pair: ConfigPair, meta: HistoryMeta): string => history.record(pair, deps.clock.now(), meta),
    views: {
      main(): JsonObject {
        const state = fresh();
        const v = schemas.version();
        if (mainCache?.generation !== state.generation || mainCache.schemas !== v)
          mainCache = { generation: state.generation, schemas: v, view: mainView(state, schemas, pluginsDir) };
        return mainCache.view;
      },
      secrets: () => secretsView(fresh()),
      schedule: (section: 'schedule' | 'dim_schedule') => scheduleView(fresh(), section),
      plugin(id: string): JsonObject {
        const c = ctx();
        requireKnownPlugin(c, id);
        return pluginView(c.state, schemas.get(id, { fresh: true }), id);
      },
      schema(id: string): JsonObject {
        requireKnownPlugin(ctx(), id);
        return schemaView(schemas.get(id, { fresh: true }));
      },
    },
  };
}

export type ConfigService = ReturnType<typeof createConfigService>;
