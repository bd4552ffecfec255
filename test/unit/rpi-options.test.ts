import { describe, expect, it } from 'vitest';
import { pixelMapper, rpiGeometry, rpiOptions } from '../../core/render/backends/rpi-options.ts';

describe('display.hardware → rpi-led-matrix options', () => {
  it('maps every LEDMatrix key', () => {
    const o = rpiOptions(
      {
        rows: 32,
        cols: 64,
        chain_length: 2,
        parallel: 1,
        hardware_mapping: 'adafruit-hat',
        brightness: 75,
        pwm_bits: 9,
        pwm_lsb_nanoseconds: 130,
        pwm_dither_bits: 1,
        led_rgb_sequence: 'RBG',
        limit_refresh_rate_hz: 100,
        pixel_mapper_config: 'U-mapper',
        orientation: '180',
        row_address_type: 1,
        multiplexing: 3,
        scan_mode: 1,
        panel_type: 'FM6126A',
        inverse_colors: true,
        disable_hardware_pulsing: true,
        show_refresh_rate: true,
      },
      { gpio_slowdown: 4 },
    );
    expect(o.matrix).toEqual({
      rows: 32,
      cols: 64,
      chainLength: 2,
      parallel: 1,
      hardwareMapping: 'adafruit-hat',
      brightness: 75,
      pwmBits: 9,
      pwmLsbNanoseconds: 130,
      pwmDitherBits: 1,
      ledRgbSequence: 'RBG',
      limitRefreshRateHz: 100,
      pixelMapperConfig: 'U-mapper;Rotate:180',
      rowAddressType: 1,
      multiplexing: 3,
      scanMode: 1,
      panelType: 'FM6126A',
      inverseColors: true,
      disableHardwarePulsing: true,
      showRefreshRate: true,
    });
    expect(o.runtime).toEqual({ gpioSlowdown: 4, dropPrivileges: 0, daemon: 0, doGpioInit: true });
    expect(rpiGeometry(o)).toEqual({ width: 128, height: 32 });
  });

  it('uses LEDMatrix code defaults and the settings geometry when keys are missing', () => {
    const o = rpiOptions({}, {}, { rows: 16, cols: 32, chainLength: 3, parallel: 2 });
    expect(o.matrix).toMatchObject({
      rows: 16,
      cols: 32,
      chainLength: 3,
      parallel: 2,
      hardwareMapping: 'adafruit-hat-pwm',
      brightness: 90,
      pwmBits: 10,
      pwmLsbNanoseconds: 150,
      ledRgbSequence: 'RGB',
      limitRefreshRateHz: 90,
      pixelMapperConfig: '',
      panelType: '',
    });
    expect(o.runtime.gpioSlowdown).toBe(3);
  });

  it('clamps out-of-range numbers and replaces unknown names with defaults', () => {
    const o = rpiOptions({
      brightness: 250,
      pwm_bits: 0,
      hardware_mapping: 'nope',
      led_rgb_sequence: 'XYZ',
      gpio_slowdown: '9',
      chain_length: '4',
    });
    expect(o.matrix).toMatchObject({
      brightness: 100,
      pwmBits: 1,
      hardwareMapping: 'adafruit-hat-pwm',
      ledRgbSequence: 'RGB',
      chainLength: 4,
    });
    expect(o.runtime.gpioSlowdown).toBe(5);
  });

  it.each([
    [{}, ''],
    [{ orientation: 'normal' }, ''],
    [{ orientation: '90' }, 'Rotate:90'],
    [{ pixel_mapper_config: 'U-mapper;V-mapper', orientation: '270' }, 'U-mapper;V-mapper;Rotate:270'],
  ])('pixel mapper %j → %s', (hw, expected) => {
    expect(pixelMapper(hw)).toBe(expected);
  });
});
