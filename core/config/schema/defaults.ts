/**
 * config.json as Marquee creates it on first start: LEDMatrix's core sections with its template's
 * values, the panel geometry from settings, and the machine's time zone.
 */
import type { Settings } from '../../../hono.config.ts';
import { isTimeZone, machineTimeZone } from './time-zone.ts';
import { SCHEDULE_DEFAULTS } from './schedule.ts';
import type { JsonObject } from '../types.ts';

export function defaultMainConfig(settings: Settings): JsonObject {
  const zone = machineTimeZone();
  return {
    web_display_autostart: true,
    timezone: zone && isTimeZone(zone) ? zone : 'UTC',
    location: { city: '', state: '', country: '' },
    display: {
      hardware: {
        rows: settings.display.rows,
        cols: settings.display.cols,
        chain_length: settings.display.chainLength,
        parallel: settings.display.parallel,
        brightness: 90,
        hardware_mapping: 'adafruit-hat',
        scan_mode: 0,
        pwm_bits: 9,
        pwm_dither_bits: 1,
        pwm_lsb_nanoseconds: 130,
        disable_hardware_pulsing: false,
        inverse_colors: false,
        show_refresh_rate: false,
        led_rgb_sequence: 'RGB',
        limit_refresh_rate_hz: 100,
      },
      runtime: { gpio_slowdown: 3 },
      plugin_rotation_order: [],
      use_short_date_format: true,
    },
    schedule: { ...SCHEDULE_DEFAULTS.schedule },
    dim_schedule: { ...SCHEDULE_DEFAULTS.dim_schedule },
    plugin_system: { plugins_directory: 'plugin-repos', auto_discover: true, auto_load_enabled: true },
    web: {},
  };
}
