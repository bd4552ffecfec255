/** What the machine tells Marquee: systemd's variables for a service, and where the board's facts are read. */
import * as v from 'valibot';
import { text } from './fields.ts';

/** Set by systemd for a `Type=notify` service (empty when not started by it). */
export const serviceSettings = v.optional(
  v.object({
    notifySocket: v.optional(v.string('a socket path'), ''),
    /** The watchdog interval in microseconds (0: no watchdog). */
    watchdogUsec: v.optional(v.pipe(v.number('a number of microseconds'), v.minValue(0, 'at least 0')), 0),
    /** Set by systemd for every process it starts: with the unit file below, Marquee runs as a service. */
    invocationId: v.optional(v.string('a string'), ''),
    /** Where the installer writes marquee-web.service and marquee-display.service. */
    unitDir: text('/etc/systemd/system', 'a folder path'),
  }),
  {},
);

/** The board's facts for `GET /api/v3/system/status`; the paths are the Raspberry Pi's. */
export const deviceSettings = v.optional(
  v.object({
    /** CPU temperature in millidegrees Celsius. */
    thermalFile: text('/sys/class/thermal/thermal_zone0/temp', 'a file path'),
    /** The firmware's throttling flags (what `vcgencmd get_throttled` prints), read without a process. */
    throttledFile: text('/sys/devices/platform/soc/soc:firmware/get_throttled', 'a file path'),
    /** Asked for the flags when the file above is missing (older kernels). */
    vcgencmd: text('vcgencmd', 'a command'),
  }),
  {},
);
