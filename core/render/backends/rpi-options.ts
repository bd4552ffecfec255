/**
 * LEDMatrix's `display.hardware` / `display.runtime` keys mapped onto rpi-led-matrix's options.
 * Pure and free of the native package (enum values are written out), so it is tested anywhere.
 */
import { HARDWARE_MAPPINGS } from '../../../shared/panel.ts';

type Json = Record<string, unknown>;

export interface RpiOptions {
  matrix: Record<string, unknown>;
  runtime: Record<string, unknown>;
}

const num = (v: unknown, fallback: number, min: number, max: number) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
};
const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);

const SEQUENCES = ['RGB', 'BGR', 'BRG', 'RBG', 'GRB', 'GBR'] as const;
const PANEL_TYPES = ['', 'FM6126A', 'FM6127'] as const;
const ROTATIONS: Record<string, number> = { '90': 90, '180': 180, '270': 270 };
const RUNTIME_OFF = 0;

/** `pixel_mapper_config` plus `Rotate:<deg>` from `orientation`, joined the way the library expects. */
export function pixelMapper(hw: Json): string {
  const base = str(hw.pixel_mapper_config, '').trim();
  const angle = ROTATIONS[String(hw.orientation ?? 'normal')];
  const parts = base
    ? base
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  if (angle) parts.push(`Rotate:${angle}`);
  return parts.join(';');
}

/**
 * Options for `new LedMatrix(matrix, runtime)`, spread over the library's defaults by the caller.
 * Defaults follow LEDMatrix's code. The library's own privilege drop stays off: the binding can
 * only drop to its fixed `daemon` user, so the display process switches to its own service user
 * itself once the panel is open (core/platform/privileges.ts).
 */
export function rpiOptions(
  hw: Json,
  runtime: Json = {},
  geometry?: { rows: number; cols: number; chainLength: number; parallel: number },
): RpiOptions {
  const pick = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(v as T) ? (v as T) : fallback;
  return {
    matrix: {
      rows: num(hw.rows, geometry?.rows ?? 32, 8, 64),
      cols: num(hw.cols, geometry?.cols ?? 64, 16, 128),
      chainLength: num(hw.chain_length, geometry?.chainLength ?? 1, 1, 32),
      parallel: num(hw.parallel, geometry?.parallel ?? 1, 1, 4),
      hardwareMapping: pick(hw.hardware_mapping, HARDWARE_MAPPINGS, 'adafruit-hat-pwm'),
      brightness: num(hw.brightness, 90, 0, 100),
      pwmBits: num(hw.pwm_bits, 10, 1, 11),
      pwmLsbNanoseconds: num(hw.pwm_lsb_nanoseconds, 150, 50, 3000),
      pwmDitherBits: num(hw.pwm_dither_bits, 0, 0, 2),
      ledRgbSequence: pick(hw.led_rgb_sequence ?? hw.rgb_sequence, SEQUENCES, 'RGB'),
      limitRefreshRateHz: num(hw.limit_refresh_rate_hz, 90, 0, 1000),
      pixelMapperConfig: pixelMapper(hw),
      rowAddressType: num(hw.row_address_type, 0, 0, 5),
      multiplexing: num(hw.multiplexing, 0, 0, 18),
      scanMode: num(hw.scan_mode, 0, 0, 1),
      panelType: pick(hw.panel_type, PANEL_TYPES, ''),
      inverseColors: bool(hw.inverse_colors, false),
      disableHardwarePulsing: bool(hw.disable_hardware_pulsing, false),
      showRefreshRate: bool(hw.show_refresh_rate, false),
    },
    runtime: {
      // The native side accepts 0 to 5 (the binding's type stops at 4, its check does not).
      gpioSlowdown: num(runtime.gpio_slowdown ?? hw.gpio_slowdown, 3, 0, 5),
      dropPrivileges: RUNTIME_OFF,
      daemon: RUNTIME_OFF,
      doGpioInit: true,
    },
  };
}

/** The panel size the options describe (what plugins draw at). */
export const rpiGeometry = (o: RpiOptions) => {
  const m = o.matrix as { rows: number; cols: number; chainLength: number; parallel: number };
  return { width: m.cols * m.chainLength, height: m.rows * m.parallel };
};
