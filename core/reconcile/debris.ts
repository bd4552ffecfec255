/**
 * Leftovers in the plugins directory: staging folders no operation owns, and folders whose names
 * cannot be plugin ids. Start-up recovery settles staging folders a crash left; this catches any
 * that appear later. A staging folder is only touched while no other operation runs (all staging
 * is written by operations; the run itself is one), and its journal decides what is done, exactly
 * as at start.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../platform/errors/redact.ts';
import { configServicePort } from '../plugins/config-service-port.ts';
import { recoverStagingOp } from '../plugins/staging/recover.ts';
import { OP_ID_PATTERN, stagingRoot } from '../plugins/staging/staging.ts';
import { configEnabled, type ReconcileEnv } from './context.ts';
import type { Snapshot } from './snapshot.ts';
import type { Finding } from './types.ts';

const ACTIVE = new Set(['pending', 'running']);

/** Whether an operation other than `self` (the run asking) is running. */
const othersRunning = (env: Pick<ReconcileEnv, 'queue'>, self: string | undefined) =>
  env.queue.history({ status: 'running', limit: 20 }).some((o) => o.id !== self);

async function settle(env: ReconcileEnv, snap: Snapshot, name: string): Promise<Finding> {
  const base = {
    plugin_id: '',
    type: 'staging_debris' as const,
    description: `Staging folder ${name} has no operation`,
  };
  if (!OP_ID_PATTERN.test(name)) {
    await fs.rm(path.join(stagingRoot(env), name), { recursive: true, force: true });
    return { ...base, outcome: 'fixed', action: 'Removed (not an operation folder)' };
  }
  try {
    // With the config port, an interrupted uninstall's snapshot can be put back or its removal finished.
    const r = await recoverStagingOp(env, name, {
      config: configServicePort(env.config),
      enabledOf: (id) => configEnabled(snap, id),
    });
    const who = { plugin_id: r.pluginId ?? '' };
    if (r.result === 'deferred') return { ...base, ...who, outcome: 'manual', action: `Kept: ${r.reason}` };
    return { ...base, ...who, outcome: 'fixed', action: `Settled from its journal (${r.result})` };
  } catch (e) {
    return { ...base, outcome: 'manual', action: `Could not be settled: ${describeError(e)}` };
  }
}

export async function stagingDebris(env: ReconcileEnv, snap: Snapshot, self?: string): Promise<Finding[]> {
  let names: string[];
  try {
    // One synchronous listing: the folder is absent or empty almost always, and a thread-pool hop costs more.
    names = fsSync.readdirSync(stagingRoot(env));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return [];
  }
  const findings: Finding[] = [];
  for (const name of names.sort()) {
    const op = OP_ID_PATTERN.test(name) ? env.queue.get(name) : null;
    if (op && ACTIVE.has(op.status)) continue;
    // Checked per folder: an operation may have started while the previous one was settled.
    if (othersRunning(env, self)) break;
    findings.push(await settle(env, snap, name));
  }
  return findings;
}

export function strayFolders(snap: Snapshot): Finding[] {
  return snap.strayFolders.map((name) => ({
    plugin_id: '',
    type: 'plugin_folder_invalid' as const,
    description: `Folder ${JSON.stringify(name)} in the plugins directory cannot be a plugin (ids are a-z 0-9 . _ -)`,
    outcome: 'manual' as const,
    action: 'Ignored. Rename it to the plugin id from its manifest, or remove it.',
  }));
}
