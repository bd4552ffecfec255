import { HARDWARE_MAPPINGS } from '../../shared/panel.ts';
import type { JsonSchema } from '../schema-form/schema.ts';

/** An integer field with its range (the server's: test/unit/ui-settings.test.ts checks them). */
export const int = (
  title: string,
  minimum: number,
  maximum: number,
  fallback?: number,
  more: JsonSchema = {},
): JsonSchema => ({
  type: 'integer',
  title,
  minimum,
  maximum,
  ...(fallback === undefined ? {} : { default: fallback }),
  ...more,
});
const advanced = (s: JsonSchema): JsonSchema => ({ ...s, 'x-advanced': true });

/** The `display` section: panel wiring, geometry and brightness, timing. */
export const panelSchema: JsonSchema = {
  type: 'object',
  properties: {
    hardware: {
      type: 'object',
      title: 'Panel',
      description: 'Changes to the wiring and geometry take effect when the display restarts.',
      // Brightness has its own control above this form: applied while dragged, saved on release.
      'x-propertyOrder': ['rows', 'cols', 'chain_length', 'parallel', 'hardware_mapping'],
      properties: {
        rows: int('Rows per panel', 8, 256),
        cols: int('Columns per panel', 8, 512),
        chain_length: int('Panels chained', 1, 32, 1),
        parallel: int('Parallel chains', 1, 3, 1),
        hardware_mapping: {
          type: 'string',
          title: 'Wiring (GPIO mapping)',
          enum: [...HARDWARE_MAPPINGS],
          default: 'adafruit-hat',
        },
        led_rgb_sequence: advanced({
          type: 'string',
          enum: ['RGB', 'RBG', 'GRB', 'GBR', 'BRG', 'BGR'],
          default: 'RGB',
        }),
        scan_mode: advanced(int('Scan mode', 0, 1, 0)),
        pwm_bits: advanced(int('PWM bits', 1, 11, 9)),
        pwm_dither_bits: advanced(int('PWM dither bits', 0, 2, 1)),
        pwm_lsb_nanoseconds: advanced(int('PWM LSB nanoseconds', 50, 3000, 130)),
        limit_refresh_rate_hz: advanced(int('Refresh rate limit (Hz, 0: none)', 0, 1000, 100)),
        row_address_type: advanced(int('Row address type', 0, 5)),
        multiplexing: advanced(int('Multiplexing', 0, 22)),
        panel_type: advanced({
          type: 'string',
          enum: ['', 'FM6126A', 'FM6127'],
          'x-options': { labels: { '': 'Standard' } },
        }),
        pixel_mapper_config: advanced({ type: 'string', title: 'Pixel mapper' }),
        disable_hardware_pulsing: advanced({ type: 'boolean', default: false }),
        inverse_colors: advanced({ type: 'boolean', default: false }),
        show_refresh_rate: advanced({ type: 'boolean', default: false }),
      },
    },
    runtime: {
      type: 'object',
      title: 'Timing',
      properties: {
        gpio_slowdown: int('GPIO slowdown', 0, 5, 3, { description: 'Higher on faster Raspberry Pi models (4: 3–4).' }),
      },
    },
    use_short_date_format: { type: 'boolean', title: 'Short date format', default: true },
  },
};
