/**
 * LEDMatrix's name for a plugin: its registry says `weather` where its folder, manifest and the
 * requests of LEDMatrix's UI and scripts say `ledmatrix-weather`. Marquee installs such a plugin as
 * `weather`, so a request naming `ledmatrix-weather` means it when only `weather` is installed.
 */
import type { Platform } from '../../platform/index.ts';
import { isPluginId, LEDMATRIX_PREFIX } from '../package/id.ts';
import { getPluginState } from './rows.ts';

/** The installed plugin `id` names: itself, or `<bare>` for `ledmatrix-<bare>` when only that one has a record. */
export function installedPluginId(deps: Pick<Platform, 'db'>, id: string): string {
  if (!id.startsWith(LEDMATRIX_PREFIX) || getPluginState(deps, id)) return id;
  const bare = id.slice(LEDMATRIX_PREFIX.length);
  return isPluginId(bare) && getPluginState(deps, bare) ? bare : id;
}
