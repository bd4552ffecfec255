import type { DesiredState } from './desired-state.ts';
import type { Control } from './loop.ts';
import type { PluginRunner } from './plugin-runner.ts';
import { onDemandActive } from './requests.ts';
import { isDisplayOn, targetBrightness } from './schedule.ts';
import type { Slot } from './selector.ts';

const slotsOf = (r: PluginRunner, modes = r.modes()): Slot[] => modes.map((mode) => ({ pluginId: r.id, mode }));

/** A live plugin shows its `*_live` modes when it has any, else all its modes. */
const liveModes = (r: PluginRunner) => {
  const live = r.modes().filter((m) => m.endsWith('_live'));
  return live.length ? live : r.modes();
};

/** Normal brightness: `display.hardware.brightness`, else 90 (LEDMatrix's default). */
export function normalBrightness(desired: DesiredState): number {
  const b = Number(desired.hardware.brightness ?? 90);
  return Number.isFinite(b) ? Math.min(100, Math.max(0, Math.round(b))) : 90;
}

/**
 * Desired state and the running plugins → what the loop needs this instant. Schedules are
 * evaluated in the configured timezone; an active on-demand session overrides "off" hours.
 */
export function computeControl(desired: DesiredState, runners: Map<string, PluginRunner>, now: number): Control {
  const od = onDemandActive(desired.onDemand, now) ? desired.onDemand : null;
  const odRunner = od ? runners.get(od.pluginId) : undefined;
  const on = !!od || isDisplayOn(desired.schedule, now, desired.timezone);
  const enabled = desired.order
    .filter((id) => desired.plugins.get(id)?.enabled && runners.has(id))
    .map((id) => runners.get(id)!);
  return {
    on,
    brightness: targetBrightness(desired.dimSchedule, now, desired.timezone, normalBrightness(desired)),
    rotation: enabled.flatMap((r) => slotsOf(r)),
    live: enabled.filter((r) => r.live()).flatMap((r) => slotsOf(r, liveModes(r))),
    onDemand:
      od && odRunner
        ? {
            key: od.requestId,
            slots: slotsOf(odRunner, od.mode && odRunner.modes().includes(od.mode) ? [od.mode] : odRunner.modes()),
            until: od.expiresAt,
          }
        : null,
  };
}

/** Plugins that should be running in a host: the enabled ones, plus the one asked for on demand. */
export function wantedPlugins(desired: DesiredState, now: number): string[] {
  const ids = [...desired.plugins.values()].filter((p) => p.enabled && p.entry).map((p) => p.id);
  const od = desired.onDemand;
  if (onDemandActive(od, now) && desired.plugins.get(od.pluginId)?.entry && !ids.includes(od.pluginId))
    ids.push(od.pluginId);
  return ids;
}
