import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import type { DesiredState } from '../../core/display/desired-state.ts';
import { createPanelSettingsWatch, panelGeometry } from '../../core/display/panel-settings.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { manualClock } from '../../core/platform/clock.ts';

const settings = loadSettings({}, {});
const HW = { rows: 32, cols: 64, brightness: 90, pwm_bits: 9, hardware_mapping: 'adafruit-hat' };
const desired = (hardware: Record<string, unknown>, runtime = {}, errors: string[] = []) =>
  ({ hardware, runtime, errors }) as unknown as DesiredState;

function watch(panel: boolean) {
  const requests: string[] = [];
  const log = memoryLogger(manualClock(0));
  const w = createPanelSettingsWatch({
    settings,
    panel,
    startedWith: { hardware: HW, runtime: { gpio_slowdown: 3 } },
    log,
    request: (reason) => requests.push(reason),
  });
  return { w, requests, log };
}

describe('panel settings a running display cannot apply', () => {
  it('brightness, key order and unknown keys never ask for a restart', () => {
    const { w, requests } = watch(true);
    w.check(
      desired(
        { brightness: 20, hardware_mapping: 'adafruit-hat', pwm_bits: 9, cols: 64, rows: 32 },
        { gpio_slowdown: 3 },
      ),
    );
    w.check(desired({ ...HW, my_note: 'hello' }, { gpio_slowdown: 3 }));
    expect(requests).toEqual([]);
    expect(w.restartRequired()).toBe(false);
  });

  it('a wiring or geometry change asks once per new value; reverting it clears the flag', () => {
    const { w, requests } = watch(true);
    w.check(desired({ ...HW, pwm_bits: 11 }, { gpio_slowdown: 3 }));
    w.check(desired({ ...HW, pwm_bits: 11 }, { gpio_slowdown: 3 }));
    expect(requests).toHaveLength(1);
    expect(w.restartRequired()).toBe(true);
    w.check(desired(HW, { gpio_slowdown: 1 }));
    expect(requests).toHaveLength(2);
    w.check(desired(HW, { gpio_slowdown: 3 }));
    expect(w.restartRequired()).toBe(false);
    expect(requests).toHaveLength(2);
  });

  it('the emulator restarts only for a new size', () => {
    const { w, requests } = watch(false);
    w.check(desired({ ...HW, pwm_bits: 11, hardware_mapping: 'regular' }));
    expect(requests).toEqual([]);
    w.check(desired({ ...HW, chain_length: 2 }));
    expect(requests).toHaveLength(1);
  });

  it('unreadable config asks for nothing: the display keeps what it runs with', () => {
    const { w, requests } = watch(true);
    w.check(desired({}, {}, ['config.json is not valid JSON']));
    expect(requests).toEqual([]);
    expect(w.restartRequired()).toBe(false);
  });

  it('alone (no supervisor) it only reports the change', () => {
    const log = memoryLogger(manualClock(0));
    const w = createPanelSettingsWatch({ settings, panel: false, startedWith: { hardware: HW, runtime: {} }, log });
    w.check(desired({ ...HW, rows: 16 }));
    expect(w.restartRequired()).toBe(true);
    expect(log.lines.filter((l) => String(l.msg).startsWith('panel settings changed'))).toHaveLength(1);
  });

  it('geometry: config keys win over the settings, one by one', () => {
    expect(panelGeometry(settings, { rows: 16, chain_length: 2, cols: 'wide' })).toEqual({
      rows: 16,
      cols: settings.display.cols,
      chainLength: 2,
      parallel: settings.display.parallel,
    });
  });
});
