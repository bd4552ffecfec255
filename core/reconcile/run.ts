/**
 * One reconcile run over every plugin anyone knows of: config keys, folders on disk, plugin_state
 * rows and tombstones. Each plugin is one `reconcileStep`; a plugin whose step fails is a finding
 * (retried next run), never the end of the run. The run is a `reconcile` operation
 * (./executor.ts): its findings are the operation's result.
 */
import { describeError } from '../platform/errors/redact.ts';
import { createStepContext, type ReconcileEnv, type StepContext } from './context.ts';
import { stagingDebris, strayFolders } from './debris.ts';
import type { FolderCache } from './folder.ts';
import { canonicalId, configPluginKeys } from './keys.ts';
import { addMissingSections } from './sections.ts';
import { loadSnapshot, type Snapshot } from './snapshot.ts';
import { reconcileStep } from './step.ts';
import type { Finding } from './types.ts';

const YIELD_EVERY = 25;

export interface SweepOptions {
  force: boolean;
  signal?: AbortSignal;
  /** The operation running the sweep (not counted as another operation at work). */
  self?: string;
}

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
    ctx.env.log.error('reconcile step failed', { plugin_id: id, error: describeError(e), stack: (e as Error)?.stack });
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

/** `cache`: manifests read by earlier runs (the reconciler keeps one for its process). */
export async function sweep(
  env: ReconcileEnv,
  opts: SweepOptions,
  cache?: FolderCache,
): Promise<{ checked: number; findings: Finding[] }> {
  const loaded = loadSnapshot(env, cache);
  const sections = await addMissingSections(env, loaded);
  const snap: Snapshot = { ...loaded, main: sections.main };
  const ids = pluginIds(snap);
  const ctx = createStepContext(env, snap, { force: opts.force, signal: opts.signal });
  const findings: Finding[] = [...sections.findings];
  for (const [i, id] of ids.entries()) {
    // Steps with nothing to do never wait on I/O: requests get their turn every few plugins.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
    findings.push(...(await stepSafely(ctx, id)));
  }
  findings.push(...strayFolders(snap), ...(await stagingDebris(env, snap, opts.self)));
  return { checked: ids.length, findings };
}
