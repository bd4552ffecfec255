/**
 * Keeps `plugin_state.enabled` (what the display process reads) equal to config.json's `enabled`
 * (the truth, DESIGN.md §3) whenever the file changes, however it changed: a toggle, a settings
 * save that carries `enabled`, a rollback, a raw edit through the API, or a hand edit the config
 * watcher noticed. Without this, such a change reached the panel only at the next reconcile run.
 */
import type { ConfigService } from '../../config/service.ts';
import type { ConfigState } from '../../config/types.ts';
import type { Platform } from '../../platform/index.ts';
import { publishPluginChanged } from './events.ts';
import { listEnabledFlags, recordEnabled } from './rows.ts';

interface SyncDeps extends Pick<Platform, 'db' | 'events' | 'clock' | 'log'> {
  config: Pick<ConfigService, 'subscribe'>;
}

/** Applies config's flags to plugin_state and announces each row it changed; returns their ids. */
export function syncEnabledFlags(deps: SyncDeps, main: ConfigState['main']): string[] {
  const changed: string[] = [];
  for (const row of listEnabledFlags(deps)) {
    const enabled = (main[row.id] as { enabled?: unknown } | undefined)?.enabled;
    // A section without a boolean says nothing; an uninstalled plugin stays off whatever the file says.
    if (typeof enabled !== 'boolean' || enabled === row.enabled || row.status === 'uninstalled') continue;
    if (recordEnabled(deps, row.id, enabled)) changed.push(row.id);
  }
  for (const id of changed) publishPluginChanged(deps, id);
  return changed;
}

/**
 * The process's follower of config's flags. It runs inside every save, as a listener of the config
 * files, so a caller that saves cannot see what it did from its own call: `during` tells it.
 */
export function createEnabledFlags(deps: SyncDeps) {
  const listening = new Set<Set<string>>();
  return {
    /** Follows every change of the config files for the life of the process; returns the unsubscribe. */
    follow(): () => void {
      return deps.config.subscribe((state) => {
        try {
          const changed = syncEnabledFlags(deps, state.main);
          for (const ids of listening) for (const id of changed) ids.add(id);
        } catch (e) {
          // The reconciler repairs the flags on its next run; a failure here must not fail the save.
          deps.log.warn('plugin enabled flags not applied', { error: (e as Error).message });
        }
      });
    },
    /** Runs `save`; returns what it returned and the ids whose flag the follower changed and announced meanwhile. */
    async during<T>(save: () => Promise<T>): Promise<{ value: T; changed: ReadonlySet<string> }> {
      const changed = new Set<string>();
      listening.add(changed);
      try {
        return { value: await save(), changed };
      } finally {
        listening.delete(changed);
      }
    },
  };
}

export type EnabledFlags = ReturnType<typeof createEnabledFlags>;
