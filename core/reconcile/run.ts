/**
 * One reconcile run over every plugin anyone knows of: config keys, folders on disk, plugin_state
 * rows and tombstones. Each plugin is one `reconcileStep`; a plugin whose step fails is a finding
 * (retried next run), never the end of the run. The run is a row from start to end, and
 * `reconcile.finished` tells the UI it may refresh its banner.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { describeError } from '../platform/errors/redact.ts';
import { createStepContext, type StepContext } from './context.ts';
import { stagingDebris, strayFolders } from './debris.ts';
import { canonicalId, configPluginKeys } from './keys.ts';
import { clearAllWaits } from './repairs.ts';
import { addMissingSections } from './sections.ts';
import { finishRun, insertRun } from './runs.ts';
import type { FolderCache } from './folder.ts';
import { loadSnapshot, type Snapshot } from './snapshot.ts';
import { reconcileStep } from './step.ts';
import { runSummary, type RunSummary } from './summary.ts';
import type { Finding, RunOptions } from './types.ts';

const YIELD_EVERY = 25;

/** Every plugin id to look at, each once (a `ledmatrix-<id>` key and an `<id>` folder are one plugin). */
export function pluginIds(snap: Snapshot): string[] {
  const onDisk = (id: string) => snap.folders.has(id);
  const ids = new Set<string>([...snap.folders, ...snap.rows.keys(), ...snap.tombstones]);
  for (const key of configPluginKeys(snap.main)) ids.add(canonicalId(key, onDisk));
  return [...ids].sort();
}

async function stepSafely(ctx: StepContext, id: string): Promise<Finding[]> {
  try {
    return await reconcileStep(ctx, id);
  } catch (e) {
    ctx.signal?.throwIfAborted();
    ctx.deps.log.error('reconcile step failed', { plugin_id: id, error: describeError(e), stack: (e as Error)?.stack });
    return [
      {
        plugin_id: id,
        type: 'plugin_check_failed',
        description: `Checking ${id} failed: ${describeError(e)}`,
        outcome: 'deferred',
        action: 'Checked again at the next run',
      },
    ];
  }
}

async function sweep(deps: Deps, opts: RunOptions, cache?: FolderCache) {
  if (opts.force) clearAllWaits(deps);
  const loaded = loadSnapshot(deps, cache);
  const sections = await addMissingSections(deps, loaded);
  const snap: Snapshot = { ...loaded, main: sections.main };
  const ids = pluginIds(snap);
  const ctx = createStepContext(deps, snap, { force: opts.force, signal: opts.signal });
  const findings: Finding[] = [...sections.findings];
  for (const [i, id] of ids.entries()) {
    // Steps with nothing to do never wait on I/O: requests get their turn every few plugins.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
    findings.push(...(await stepSafely(ctx, id)));
  }
  findings.push(...strayFolders(snap), ...(await stagingDebris(deps, snap)));
  return { checked: ids.length, findings };
}

/** `cache`: manifests read by earlier runs (the reconciler keeps one for its process). */
export async function runReconcile(deps: Deps, opts: RunOptions, cache?: FolderCache): Promise<RunSummary> {
  const id = randomUUID();
  insertRun(deps, { id, trigger: opts.trigger, forced: opts.force ?? false });
  let row;
  try {
    const { checked, findings } = await sweep(deps, opts, cache);
    row = finishRun(deps, id, { checked, findings });
  } catch (e) {
    deps.log.error('reconcile run failed', { run_id: id, error: describeError(e), stack: (e as Error)?.stack });
    row = finishRun(deps, id, { checked: 0, findings: [], error: describeError(e) });
  }
  const summary = runSummary(row);
  deps.log[summary.inconsistencies_found ? 'info' : 'debug']('reconcile run finished', {
    run_id: id,
    trigger: opts.trigger,
    forced: summary.forced,
    ms: summary.duration_ms,
    found: summary.inconsistencies_found,
    fixed: summary.inconsistencies_fixed,
    deferred: summary.inconsistencies_deferred,
    manual: summary.inconsistencies_manual,
  });
  deps.events.publish('reconcile.finished', {
    run_id: id,
    inconsistencies_found: summary.inconsistencies_found,
    inconsistencies_fixed: summary.inconsistencies_fixed,
    inconsistencies_manual: summary.inconsistencies_manual,
  });
  return summary;
}
