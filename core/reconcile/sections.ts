/**
 * A plugin on disk without a section in config.json gets one: its schema's defaults, disabled
 * (the user turns it on). A run adds every missing section in one save, so a first start with
 * many plugins makes one config backup, not one per plugin (backups rotate: many saves would push
 * out the user's own); a plugin whose section the schema refuses is left to its own step, which
 * reports it without saving.
 */
import { CONFIGURE_KIND } from '../config/executor.ts';
import type { JsonObject } from '../config/types.ts';
import type { Operation } from '../queue/types.ts';
import { isAppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import { saveConfig } from '../config/save.ts';
import { recordEnabled } from '../plugins/state/rows.ts';
import { announce, type ReconcileEnv } from './context.ts';
import { sectionKey } from './keys.ts';
import type { Snapshot } from './snapshot.ts';
import type { Finding } from './types.ts';

const BROKEN = new Set(['error', 'incompatible']);
const ADDED = 'Added a section with the schema defaults and enabled: false';

const base = (id: string) => ({
  plugin_id: id,
  type: 'plugin_missing_in_config' as const,
  description: `${id} has no section in config.json`,
});

const sectionFor = (env: Pick<ReconcileEnv, 'config'>, id: string): JsonObject => ({
  ...env.config.pluginSettings(id),
  enabled: false,
});

/** A lifecycle operation (install, update, ...) pending or running on the plugin, which would refuse its section (409). */
function holder(env: Pick<ReconcileEnv, 'queue'>, id: string): Operation | undefined {
  for (const status of ['running', 'pending'] as const) {
    const op = env.queue.history({ key: id, status, limit: 5 }).find((o) => o.kind !== CONFIGURE_KIND);
    if (op) return op;
  }
  return undefined;
}

function disable(env: ReconcileEnv, id: string): void {
  if (recordEnabled(env, id, false)) announce(env, id);
}

/** The settings the schema wants and has no usable default for, when that is why the section was refused. */
function missingSettings(e: unknown): string | null {
  if (!isAppError(e) || e.code !== 'CONFIG_VALIDATION_FAILED') return null;
  const problems = (e.context?.problems ?? []) as Array<{ field?: string; expected?: string }>;
  const named = problems.filter((p) => p.field && p.expected).map((p) => `${p.field} (expected ${p.expected})`);
  return named.length ? named.join(', ') : null;
}

const notAdded = (id: string, e: unknown): Finding => {
  const settings = missingSettings(e);
  return {
    ...base(id),
    outcome: 'manual',
    action: settings
      ? `Not added: the schema's defaults give no valid value for ${settings}. Save the plugin's settings with one and the section is added.`
      : `Could not add a section: ${describeError(e)}`,
    ...(isAppError(e) ? { error_code: e.code } : {}),
  };
};

/**
 * One plugin's section, saved on its own (a single-plugin step, or what the batch could not take).
 * A section the schema refuses (a required setting without a default) is reported, not saved: it
 * would be refused on every run, each time as a failed operation in the history.
 */
export async function addSection(env: ReconcileEnv, id: string): Promise<Finding[]> {
  try {
    const config = sectionFor(env, id);
    // Checked again just before saving: a section the user saved meanwhile is never overwritten.
    if (sectionKey(env.config.state().main, id)) return [];
    const busy = holder(env, id);
    if (busy)
      return [
        {
          ...base(id),
          outcome: 'deferred',
          action: `Waiting for its ${busy.kind} operation (${busy.status}) to finish`,
          operation_id: busy.id,
        },
      ];
    const change = { op: 'plugin', plugin_id: id, config } as const;
    const refused = env.config.refusalOf(change);
    if (refused) return [notAdded(id, refused)];
    await saveConfig(env, change, { requestedBy: 'reconciler' });
  } catch (e) {
    return [notAdded(id, e)];
  }
  disable(env, id);
  return [{ ...base(id), outcome: 'fixed', action: ADDED }];
}

/** Usable plugins on disk that config.json does not name, with their new sections. */
function candidates(env: ReconcileEnv, snap: Snapshot): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const id of snap.folders) {
    const view = snap.folder(id);
    if (!view.present || 'error' in view || snap.tombstones.has(id) || sectionKey(snap.main, id)) continue;
    if (BROKEN.has(snap.rows.get(id)?.status ?? '') || holder(env, id)) continue;
    try {
      const config = sectionFor(env, id);
      // One refused section would refuse the whole batch: its plugin's own step reports it.
      if (!env.config.refusalOf({ op: 'plugin', plugin_id: id, config })) out.set(id, config);
    } catch {
      // An unreadable schema: the plugin's own step reports it.
    }
  }
  return out;
}

/**
 * Adds every missing section in one save. Returns the findings and the config it leaves; when the
 * save is refused (one section invalid refuses all), nothing is added and each plugin's step tries
 * on its own.
 */
export async function addMissingSections(
  env: ReconcileEnv,
  snap: Snapshot,
): Promise<{ findings: Finding[]; main: JsonObject }> {
  const due = candidates(env, snap);
  const now = env.config.state().main;
  for (const id of due.keys()) if (sectionKey(now, id)) due.delete(id);
  if (due.size < 2) return { findings: [], main: snap.main };
  try {
    await saveConfig(env, { op: 'main', patch: Object.fromEntries(due) }, { requestedBy: 'reconciler' });
  } catch (e) {
    env.log.warn('adding config sections together failed; adding them one by one', { error: describeError(e) });
    return { findings: [], main: snap.main };
  }
  for (const id of due.keys()) disable(env, id);
  const findings = [...due.keys()].map((id): Finding => ({ ...base(id), outcome: 'fixed', action: ADDED }));
  return { findings, main: env.config.state().main };
}
