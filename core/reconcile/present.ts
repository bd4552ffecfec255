/**
 * A plugin whose folder is on disk: plugin_state is brought in line with the folder, config gets a
 * section if it has none (sections.ts), and config's `enabled` wins over the state's. A folder the user
 * uninstalled, or one that cannot be loaded, is only reported.
 */
import path from 'node:path';
import type { PluginStateRow } from '../../db/schema.ts';
import { checkPluginFolder } from '../plugins/staging/staging.ts';
import { getPluginState, recordEnabled } from '../plugins/state/rows.ts';
import { isAppError, type AppError } from '../platform/errors/app-error.ts';
import type { Manifest } from '../plugins/package/manifest.ts';
import { announce, configEnabled, refreshState, type StepContext } from './context.ts';
import { sectionKey } from './keys.ts';
import { addSection } from './sections.ts';
import type { Finding } from './types.ts';

const RUNNABLE = new Set<string>(['installed', 'enabled', 'disabled']);
const BROKEN = new Set<string>(['error', 'incompatible']);

function tombstoned(id: string, row: PluginStateRow | undefined): { stale: boolean; finding: Finding } {
  return {
    stale: !row || row.status !== 'uninstalled' || !row.present,
    finding: {
      plugin_id: id,
      type: 'plugin_tombstoned_present',
      description: `${id} was uninstalled, but its folder is in the plugins directory again`,
      outcome: 'manual',
      action: 'Left alone: it is neither loaded nor reinstalled. Delete the folder, or install the plugin again.',
    },
  };
}

const invalid = (id: string, e: Pick<AppError, 'code' | 'message'>): Finding => ({
  plugin_id: id,
  type: 'plugin_invalid',
  description: `${id} cannot be loaded: ${e.message}`,
  outcome: 'manual',
  action: 'Not loaded. Fix the plugin folder or reinstall the plugin.',
  error_code: e.code,
});

/** The state row against a readable manifest: what (if anything) is wrong with the row. */
async function stateProblem(ctx: StepContext, id: string, row: PluginStateRow | undefined, m: Manifest) {
  if (!row) return { type: 'plugin_state_mismatch', said: 'no state record' } as const;
  if (!row.present || !(RUNNABLE.has(row.status) || BROKEN.has(row.status)))
    return { type: 'plugin_state_mismatch', said: `the state said ${row.status}` } as const;
  if (BROKEN.has(row.status)) {
    try {
      await checkPluginFolder(ctx.env, path.join(ctx.env.settings.pluginsDir, id), id);
      return { type: 'plugin_state_mismatch', said: `the state said ${row.status}, the folder is valid now` } as const;
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { type: 'broken', error: e, stale: row.version !== m.version || row.lastError !== e.message } as const;
    }
  }
  if (row.version !== m.version)
    return { type: 'plugin_version_mismatch', said: `the state said ${row.version ?? 'no version'}` } as const;
  return null;
}

async function checkState(ctx: StepContext, id: string, m: Manifest): Promise<Finding[]> {
  const problem = await stateProblem(ctx, id, ctx.snap.rows.get(id), m);
  if (!problem) return [];
  if (problem.type === 'broken') {
    if (problem.stale) await refreshState(ctx, id);
    return [invalid(id, problem.error)];
  }
  await refreshState(ctx, id);
  return [
    {
      plugin_id: id,
      type: problem.type,
      description: `${id} ${m.version} is on disk; ${problem.said}`,
      outcome: 'fixed',
      action: 'State corrected from the folder',
    },
  ];
}

function checkEnabled(ctx: StepContext, id: string, row: PluginStateRow | undefined): Finding[] {
  const wanted = configEnabled(ctx.snap, id);
  if (wanted === undefined || !row || !RUNNABLE.has(row.status) || row.enabled === wanted) return [];
  recordEnabled(ctx.env, id, wanted);
  announce(ctx.env, id);
  return [
    {
      plugin_id: id,
      type: 'plugin_enabled_mismatch',
      description: `config.json says enabled: ${wanted}, the state said ${row.enabled}`,
      outcome: 'fixed',
      action: `State set to enabled: ${wanted} (config wins)`,
    },
  ];
}

export async function reconcilePresent(
  ctx: StepContext,
  id: string,
  view: { manifest: Manifest } | { error: AppError },
): Promise<Finding[]> {
  const row = ctx.snap.rows.get(id);
  if (ctx.snap.tombstones.has(id)) {
    const t = tombstoned(id, row);
    if (t.stale) await refreshState(ctx, id);
    return [t.finding];
  }
  if ('error' in view) {
    const stale = !row || !row.present || !BROKEN.has(row.status) || row.lastError !== view.error.message;
    if (stale) await refreshState(ctx, id);
    return [invalid(id, view.error)];
  }
  const findings = await checkState(ctx, id, view.manifest);
  if (findings.some((f) => f.type === 'plugin_invalid')) return findings;
  if (!sectionKey(ctx.snap.main, id)) return [...findings, ...(await addSection(ctx.env, id))];
  // The snapshot's row, unless the state was just corrected from the folder.
  const current = findings.length ? getPluginState(ctx.env, id) : row;
  return [...findings, ...checkEnabled(ctx, id, current)];
}
