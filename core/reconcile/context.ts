/** What one reconcile step works with, and the small writes every step shares. */
import type { ConfigService } from '../config/service.ts';
import type { Platform } from '../platform/index.ts';
import { refreshPlugin } from '../plugins/state/discovery.ts';
import { getPluginState } from '../plugins/state/rows.ts';
import type { Queue } from '../queue/types.ts';
import { enqueueRefresh } from '../registry/refresh-queue.ts';
import { STORE_REFRESH_TIMEOUT_MS } from '../registry/refresh-executor.ts';
import type { Registry } from '../registry/service.ts';
import { sectionKey } from './keys.ts';
import type { ReconcileEnv } from './env.ts';
import type { Snapshot } from './snapshot.ts';

export type { ReconcileBase, ReconcileEnv, ReconcileServices } from './env.ts';

export interface StepContext {
  env: ReconcileEnv;
  snap: Snapshot;
  force: boolean;
  signal?: AbortSignal;
  /** Resolves once the registry may be consulted: after one refresh of every source per forced run, at once otherwise. */
  registryReady(): Promise<void>;
}

export function createStepContext(
  env: ReconcileEnv,
  snap: Snapshot,
  opts: { force?: boolean; signal?: AbortSignal } = {},
): StepContext {
  let ready: Promise<void> | null = null;
  const force = opts.force ?? false;
  const refresh = async () => {
    // Its failures are the refresh's own (recorded per source); the repair's look-up reports them.
    const { operation } = enqueueRefresh(env, undefined, 'reconciler');
    await env.queue.waitForAttempt(operation.id, STORE_REFRESH_TIMEOUT_MS, opts.signal);
  };
  return {
    env,
    snap,
    force,
    signal: opts.signal,
    registryReady: () => (force ? (ready ??= refresh()) : Promise.resolve()),
  };
}

/** The `enabled` config.json holds for plugin `id`, if it says. */
export function configEnabled(snap: Pick<Snapshot, 'main'>, id: string): boolean | undefined {
  const key = sectionKey(snap.main, id);
  const enabled = key ? (snap.main[key] as { enabled?: unknown }).enabled : undefined;
  return typeof enabled === 'boolean' ? enabled : undefined;
}

/** Re-reads one plugin into plugin_state (config's enabled flag wins) and announces the new state. */
export async function refreshState(ctx: StepContext, id: string): Promise<void> {
  const enabled = configEnabled(ctx.snap, id);
  await refreshPlugin(ctx.env, id, { enabledOf: (pid) => (pid === id ? enabled : undefined) });
  announce(ctx.env, id);
}

/** `plugin.changed`, as lifecycle publishes it, so the UI shows the corrected state. */
export function announce(env: Pick<ReconcileEnv, 'db' | 'events'>, id: string): void {
  const row = getPluginState(env, id);
  if (!row) return;
  env.events.publish('plugin.changed', {
    plugin_id: id,
    state: row.status,
    enabled: row.enabled,
    version: row.version,
  });
}
