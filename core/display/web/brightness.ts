/**
 * Brightness tried out while a slider is dragged: sent to the display process, shown on the panel
 * at once and never saved. It lapses `TRIAL_MS` after the last request, so a page closed mid-drag
 * leaves the panel at its saved brightness; saving `display.hardware.brightness` keeps a value.
 */
import type { Clock } from '../../platform/clock.ts';
import type { DisplayLink } from './link.ts';

export const TRIAL_MS = 10_000;

export function tryBrightness(deps: { display: DisplayLink; clock: Clock }, brightness: number) {
  deps.display.tryBrightness(brightness, TRIAL_MS);
  return { brightness, until: new Date(deps.clock.now() + TRIAL_MS).toISOString() };
}
