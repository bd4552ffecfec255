/**
 * `reconcile(env, pluginId)`: one plugin, one step towards what config and the tombstones want,
 * from what the disk, plugin_state and the registry say. It never asks why it was called, so
 * calling it twice in a row is harmless: the second call finds nothing left to do, or finds the
 * same waits (a repair in progress, its backoff) and does nothing more.
 */
import { createStepContext, refreshState, type ReconcileEnv, type StepContext } from './context.ts';
import { canonicalId, sectionKey } from './keys.ts';
import { reconcileMissing } from './missing.ts';
import { reconcilePresent } from './present.ts';
import { loadSnapshot } from './snapshot.ts';
import type { Finding } from './types.ts';

const GONE_OK = new Set(['missing', 'uninstalled']);

/** A folder that is gone: the state says so, and config gets its plugin back unless the user removed it. */
async function reconcileAbsent(ctx: StepContext, id: string): Promise<Finding[]> {
  const { snap } = ctx;
  const findings: Finding[] = [];
  const row = snap.rows.get(id);
  if (row && (row.present || !GONE_OK.has(row.status))) {
    await refreshState(ctx, id);
    findings.push({
      plugin_id: id,
      type: 'plugin_state_mismatch',
      description: `The state said ${id} is ${row.status}, but its folder is gone`,
      outcome: 'fixed',
      action: 'State set to missing',
    });
  }
  const key = sectionKey(snap.main, id);
  if (snap.tombstones.has(id) || !key) {
    if (!key && row && !snap.tombstones.has(id) && row.status !== 'uninstalled') findings.push(orphan(id));
    return findings;
  }
  return [...findings, ...(await reconcileMissing(ctx, id, key))];
}

const orphan = (id: string): Finding => ({
  plugin_id: id,
  type: 'plugin_orphaned_state',
  description: `${id}'s folder is gone and config.json does not name it`,
  outcome: 'manual',
  action: 'Listed as missing. Install it again, or uninstall it to forget it.',
});

/** One step for plugin `id` (a folder name, or a config key such as LEDMatrix's `ledmatrix-<id>`). */
export async function reconcileStep(ctx: StepContext, pluginId: string): Promise<Finding[]> {
  const id = canonicalId(pluginId, (name) => ctx.snap.folders.has(name));
  const view = ctx.snap.folder(id);
  if (!view.present) return reconcileAbsent(ctx, id);
  return reconcilePresent(ctx, id, view);
}

/** The single-plugin entry point: reads the state it needs, then takes one step. */
export async function reconcile(
  env: ReconcileEnv,
  pluginId: string,
  opts: { force?: boolean; signal?: AbortSignal } = {},
): Promise<Finding[]> {
  return reconcileStep(createStepContext(env, loadSnapshot(env), opts), pluginId);
}
