/**
 * LEDMatrix kept a plugin's settings under its manifest id (`ledmatrix-weather`) where Marquee's id
 * is the registry's (`weather`). When such a plugin is installed and its settings are only under
 * the LEDMatrix name, they are moved to Marquee's (config.json and config_secrets.json, each save
 * atomic and backed up): copied first, then the old key removed, so a crash between the two leaves
 * both copies and never neither.
 */
import { LEDMATRIX_PREFIX } from '../package/id.ts';
import { getPluginState } from '../state/rows.ts';
import type { LifecycleDeps } from './common.ts';
import type { JsonObject } from '../../config/types.ts';

/** Moves `ledmatrix-<id>`'s sections to `<id>`; true when it did. */
export async function adoptLedmatrixSection(
  deps: Pick<LifecycleDeps, 'config' | 'db'>,
  id: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const legacy = LEDMATRIX_PREFIX + id;
  const { main, secrets } = deps.config.state();
  if (main[id] !== undefined || secrets[id] !== undefined) return false;
  if (main[legacy] === undefined && secrets[legacy] === undefined) return false;
  // A plugin installed under the prefixed name owns that section.
  const other = getPluginState(deps, legacy);
  if (other && other.present && other.status !== 'uninstalled') return false;
  await deps.config.apply(
    {
      op: 'plugin-restore',
      plugin_id: id,
      main: main[legacy] as JsonObject | undefined,
      secrets: secrets[legacy] as JsonObject | undefined,
    },
    signal,
  );
  await deps.config.apply({ op: 'plugin-remove', plugin_id: legacy });
  return true;
}
