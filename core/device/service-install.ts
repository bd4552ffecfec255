/**
 * Whether Marquee runs as the systemd services the installer sets up: systemd started this process
 * (it sets INVOCATION_ID for every service, NOTIFY_SOCKET for ours) and the units are installed.
 * Restart, reboot and shut down are only offered then; run with `npm start`, Marquee is stopped
 * and started the way it was started.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../hono.config.ts';

export const UNITS = { web: 'marquee-web.service', display: 'marquee-display.service' } as const;

export interface ServiceInstall {
  installed: boolean;
  manager: 'systemd' | null;
  /** Why it does not count as installed, when it does not. */
  reason: string | null;
}

export function serviceInstall(settings: Pick<Settings, 'service'>): ServiceInstall {
  const { invocationId, notifySocket, unitDir } = settings.service;
  if (!invocationId && !notifySocket)
    return { installed: false, manager: null, reason: 'Marquee was not started by systemd (npm start or by hand)' };
  const unit = path.join(unitDir, UNITS.web);
  if (!fs.existsSync(unit))
    return { installed: false, manager: 'systemd', reason: `the unit ${unit} is not installed` };
  return { installed: true, manager: 'systemd', reason: null };
}
