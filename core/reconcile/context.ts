/** What one reconcile step works with, and the small writes every step shares. */
import type { Deps } from '../deps.ts';
import { refreshPlugin } from '../plugins/state/discovery.ts';
import { getPluginState } from '../plugins/state/rows.ts';
import { refreshAll } from '../registry/refresh.ts';
import { sectionKey } from './keys.ts';
import type { Snapshot } from './snapshot.ts';

export interface StepContext {
  deps: Deps;
  snap: Snapshot;
  force: boolean;
  signal?: AbortSignal;
  /** Resolves once the registry may be consulted: after one forced re-read per forced run, at once otherwise. */
  registryReady(): Promise<void>;
}

export function createStepContext(
  deps: Deps,
  snap: Snapshot,
  opts: { force?: boolean; signal?: AbortSignal } = {},
): StepContext {
  let ready: Promise<void> | null = null;
  const force = opts.force ?? false;
  return {
    deps,
    snap,
    force,
    signal: opts.signal,
    registryReady() {
      if (!force) return Promise.resolve();
      // Failures are recorded by the store (with its own backoff); the look-up that follows reports them.
      ready ??= refreshAll(deps, { force: true, signal: opts.signal }).then(() => undefined);
      return ready;
    },
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
  await refreshPlugin(ctx.deps, id, { enabledOf: (pid) => (pid === id ? enabled : undefined) });
  announce(ctx.deps, id);
}

/** `plugin.changed`, as lifecycle publishes it, so the UI shows the corrected state. */
export function announce(deps: Pick<Deps, 'db' | 'events'>, id: string): void {
  const row = getPluginState(deps, id);
  if (!row) return;
  deps.events.publish('plugin.changed', {
    plugin_id: id,
    state: row.status,
    enabled: row.enabled,
    version: row.version,
  });
}
