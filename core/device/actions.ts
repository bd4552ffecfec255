/**
 * The service actions: Marquee's names and LEDMatrix's, each a `systemctl` command. The web
 * service runs as `marquee` without root; the installer's polkit rule allows that user exactly
 * these (restarting the two units, reboot, power off), so no sudo is involved (the units set
 * NoNewPrivileges, which sudo could not work under anyway).
 */
import * as v from 'valibot';
import { UNITS } from './service-install.ts';

export const SYSTEM_ACTIONS = Object.freeze({
  restart_service: { args: ['restart', UNITS.display, UNITS.web], message: 'Marquee is restarting' },
  restart_display_service: { args: ['restart', UNITS.display], message: 'The display is restarting' },
  restart_web_service: { args: ['restart', UNITS.web], message: 'The web interface is restarting' },
  reboot: { args: ['reboot'], message: 'The device is rebooting' },
  reboot_system: { args: ['reboot'], message: 'The device is rebooting' },
  shutdown: { args: ['poweroff'], message: 'The device is shutting down' },
  shutdown_system: { args: ['poweroff'], message: 'The device is shutting down' },
} as const);

export type SystemAction = keyof typeof SYSTEM_ACTIONS;
export const SYSTEM_ACTION_NAMES = Object.keys(SYSTEM_ACTIONS) as SystemAction[];

/** LEDMatrix's other actions: named in the refusal, so its clients learn why rather than a bare 400. */
const NOT_IN_MARQUEE = [
  'start_display',
  'stop_display',
  'enable_autostart',
  'disable_autostart',
  'git_pull',
  'checkout_branch',
  'install_base_requirements',
  'install_plugin_requirements',
  'force_git_reset',
  'clear_pycache',
];

const expected = `one of ${SYSTEM_ACTION_NAMES.join(' | ')}`;

export const actionBody = v.object({
  action: v.pipe(
    v.string(expected),
    v.check(
      (a) => !NOT_IN_MARQUEE.includes(a),
      (issue) => `${expected} (${String(issue.input)} is a LEDMatrix action Marquee does not have)`,
    ),
    v.check((a) => Object.hasOwn(SYSTEM_ACTIONS, a), expected),
    v.transform((a) => a as SystemAction),
  ),
});
