/** The GPIO wirings the panel library knows (`display.hardware.hardware_mapping`), for the server's checks and the Settings page. */
export const HARDWARE_MAPPINGS = [
  'regular',
  'regular-pi1',
  'adafruit-hat',
  'adafruit-hat-pwm',
  'compute-module',
  'classic',
  'classic-pi1',
] as const;

export type HardwareMapping = (typeof HARDWARE_MAPPINGS)[number];
