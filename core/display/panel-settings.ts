import type { Settings } from '../../hono.config.ts';
import { rpiOptions } from '../render/backends/rpi-options.ts';
import type { Logger } from '../platform/log.ts';
import type { Json } from './config-files.ts';
import type { DesiredState } from './desired-state.ts';

/** Panel geometry: `display.hardware` in config.json wins key by key over the settings. */
export function panelGeometry(settings: Settings, hw: Json) {
  const pick = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback);
  return {
    rows: pick(hw.rows, settings.display.rows),
    cols: pick(hw.cols, settings.display.cols),
    chainLength: pick(hw.chain_length, settings.display.chainLength),
    parallel: pick(hw.parallel, settings.display.parallel),
  };
}

/**
 * What a running backend cannot change. The panel library takes its options once, at construction
 * (and GPIO set-up happens once per process), so for the panel — or for an emulator standing in
 * for a panel that failed to start — it is every option but brightness, which is applied per
 * frame; for the plain emulator it is only the size. Computed from the effective options, so a
 * reordered or unknown key does not count as a change.
 */
export function backendSignature(settings: Settings, hardware: Json, runtime: Json, panel: boolean): string {
  const geometry = panelGeometry(settings, hardware);
  if (!panel) return JSON.stringify(geometry);
  const { matrix, runtime: rt } = rpiOptions(hardware, runtime, geometry);
  const { brightness: _applied, ...fixed } = matrix;
  return JSON.stringify({ fixed, rt });
}

/**
 * Watches the panel settings a running display cannot apply. On a change it asks for a restart
 * once (`request`, e.g. to the supervising web process; absent when the display runs alone, which
 * then only reports it). Unreadable config never triggers one: the display keeps what it has.
 */
export function createPanelSettingsWatch(o: {
  settings: Settings;
  panel: boolean;
  startedWith: { hardware: Json; runtime: Json };
  log: Logger;
  request?: (reason: string) => void;
}) {
  const signature = (hardware: Json, runtime: Json) => backendSignature(o.settings, hardware, runtime, o.panel);
  const started = signature(o.startedWith.hardware, o.startedWith.runtime);
  let current = started;
  let asked = started;
  return {
    check(desired: DesiredState) {
      if (desired.errors.length) return;
      current = signature(desired.hardware, desired.runtime);
      if (current === started || current === asked) return;
      asked = current;
      if (o.request) {
        o.log.info('panel settings changed: asking for a restart of the display', { panel: o.panel });
        o.request('panel settings changed');
      } else o.log.warn('panel settings changed: restart the display process to apply them', { panel: o.panel });
    },
    /** The config asks for panel settings the running backend does not have. */
    restartRequired: () => current !== started,
  };
}
