/**
 * `GET /api/v3/display/current` as LEDMatrix's clients ask for it (JSON): `{timestamp, width,
 * height, image}` with the frame as a base64 PNG, or `image: null` and the configured size when no
 * display process is running (LEDMatrix answers the same when it has no snapshot).
 */
import type { Settings } from '../../../hono.config.ts';
import { encodePng } from '../../render/png.ts';
import { section, type Json } from '../config-files.ts';
import { panelGeometry } from '../panel-settings.ts';
import type { DisplayLink } from './link.ts';

export interface FrameJson {
  timestamp: string;
  width: number;
  height: number;
  brightness: number | null;
  image: string | null;
}

export async function currentFrameJson(deps: {
  display: Pick<DisplayLink, 'connected' | 'currentFrame'>;
  settings: Settings;
  /** config.json, for the panel's size when no frame can be had. */
  mainConfig: () => Json;
  now: () => number;
}): Promise<FrameJson> {
  const frame = deps.display.connected() ? await deps.display.currentFrame().catch(() => null) : null;
  if (frame)
    return {
      timestamp: new Date(frame.at).toISOString(),
      width: frame.width,
      height: frame.height,
      brightness: frame.brightness,
      image: encodePng(frame.width, frame.height, frame.rgb).toString('base64'),
    };
  const g = panelGeometry(deps.settings, section(section(deps.mainConfig(), 'display'), 'hardware'));
  return {
    timestamp: new Date(deps.now()).toISOString(),
    width: g.cols * g.chainLength,
    height: g.rows * g.parallel,
    brightness: null,
    image: null,
  };
}
