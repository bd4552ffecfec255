/** The panel size previews are drawn at: the user's panel, or a size a request names. */
import type { Settings } from '../../hono.config.ts';
import { section, type Json } from '../display/config-files.ts';
import { panelGeometry } from '../display/panel-settings.ts';
import { parseSize, sizeName, type Size } from '../harness/sizes.ts';

export { parseSize, sizeName, type Size };

/** The panel config.json describes (`display.hardware`, the settings for what it leaves out). */
export function panelSize(settings: Settings, main: Json): Size {
  const g = panelGeometry(settings, section(section(main, 'display'), 'hardware'));
  return { width: g.cols * g.chainLength, height: g.rows * g.parallel };
}
