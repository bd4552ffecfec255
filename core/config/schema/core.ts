/**
 * Valibot schemas for Marquee's own sections of config.json. Objects are loose: keys Marquee does
 * not know (LEDMatrix extras, newer options) are kept as they are, only known keys are checked.
 * Each message is the expectation shown to the user when a value is refused.
 */
import * as v from 'valibot';
import { HARDWARE_MAPPINGS } from '../../../shared/panel.ts';
import { dimScheduleSchema, scheduleSchema } from './schedule.ts';
import { isTimeZone } from './time-zone.ts';

export { isTimeZone };

const int = (min: number, max: number) => {
  const msg = `an integer from ${min} to ${max}`;
  return v.optional(v.pipe(v.number(msg), v.integer(msg), v.minValue(min, msg), v.maxValue(max, msg)));
};
const num = (min: number, max: number) => {
  const msg = `a number from ${min} to ${max}`;
  return v.optional(v.pipe(v.number(msg), v.minValue(min, msg), v.maxValue(max, msg)));
};
const bool = () => v.optional(v.boolean('true or false'));
const str = () => v.optional(v.string('a string'));
const oneOf = <const T extends readonly [unknown, ...unknown[]]>(options: T) =>
  v.optional(v.picklist(options as never, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`));

const RGB_SEQUENCES = ['RGB', 'RBG', 'GRB', 'GBR', 'BRG', 'BGR'] as const;

/**
 * LEDMatrix's Pi 5 option. The bundled panel library cannot drive a Pi 5 at all (see
 * core/render/backends/pi-probe.ts), so any value would do nothing: it is refused, saying why.
 */
const RP1_RIO_REFUSED =
  'no rp1_rio key: it selects a Raspberry Pi 5 driver mode, and the bundled panel library ' +
  '(rpi-led-matrix 1.15.0) cannot drive a Raspberry Pi 5, so it would do nothing; remove it';
const refused = (msg: string) => v.optional(v.custom<never>(() => false, msg));

export const hardwareSchema = v.looseObject({
  rows: int(8, 256),
  cols: int(8, 512),
  chain_length: int(1, 32),
  parallel: int(1, 3),
  brightness: int(0, 100),
  hardware_mapping: oneOf(HARDWARE_MAPPINGS),
  scan_mode: int(0, 1),
  pwm_bits: int(1, 11),
  pwm_dither_bits: int(0, 2),
  pwm_lsb_nanoseconds: int(50, 3000),
  disable_hardware_pulsing: bool(),
  inverse_colors: bool(),
  show_refresh_rate: bool(),
  led_rgb_sequence: oneOf(RGB_SEQUENCES),
  limit_refresh_rate_hz: int(0, 1000),
  pixel_mapper_config: str(),
  orientation: oneOf(['normal', '90', '180', '270', 90, 180, 270] as const),
  row_address_type: int(0, 5),
  multiplexing: int(0, 22),
  panel_type: oneOf(['', 'FM6126A', 'FM6127'] as const),
});

export const displaySchema = v.looseObject({
  hardware: v.optional(hardwareSchema),
  runtime: v.optional(v.looseObject({ gpio_slowdown: int(0, 5), rp1_rio: refused(RP1_RIO_REFUSED) })),
  double_sided: v.optional(v.looseObject({ enabled: bool(), copies: int(1, 8), axis: oneOf(['x', 'y'] as const) })),
  display_durations: v.optional(
    v.record(v.string(), v.pipe(v.number('a number of seconds'), v.minValue(1, 'at least 1 second'))),
  ),
  plugin_rotation_order: v.optional(v.array(v.string('a plugin id'), 'a list of plugin ids')),
  use_short_date_format: bool(),
  vegas_scroll: v.optional(
    v.looseObject({
      enabled: bool(),
      scroll_speed: num(1, 200),
      separator_width: int(0, 128),
      target_fps: int(30, 200),
      buffer_ahead: int(1, 5),
      render_width_pct: num(10, 100),
    }),
  ),
});

const TZ = 'a valid IANA time zone name, e.g. "Europe/Berlin"';
export const timezoneSchema = v.pipe(v.string(TZ), v.check(isTimeZone, TZ));

export const locationSchema = v.looseObject({
  city: str(),
  state: str(),
  country: str(),
  lat: num(-90, 90),
  lon: num(-180, 180),
});

export const pluginSystemSchema = v.looseObject({
  plugins_directory: str(),
  auto_discover: bool(),
  auto_load_enabled: bool(),
});

/** Each core section's schema; a section not listed here is kept without checks. */
export const CORE_SECTION_SCHEMAS: Record<string, v.GenericSchema> = {
  display: displaySchema,
  schedule: scheduleSchema,
  dim_schedule: dimScheduleSchema,
  timezone: timezoneSchema,
  location: locationSchema,
  plugin_system: pluginSystemSchema,
  web: v.looseObject({}, 'an object'),
  web_display_autostart: v.boolean('true or false'),
  target_fps: v.pipe(
    v.number('a number from 1 to 240'),
    v.minValue(1, 'a number from 1 to 240'),
    v.maxValue(240, 'a number from 1 to 240'),
  ),
  sync: v.looseObject({ role: oneOf(['standalone', 'leader', 'follower'] as const), port: int(1, 65535) }, 'an object'),
  github: v.looseObject(
    {
      api_token: v.optional(v.string('a string')),
      token: v.optional(v.string('a string')),
      webhook_secret: v.optional(v.string('a string')),
    },
    'an object',
  ),
};
