/**
 * The addresses another device on the network opens this one's web UI at: every LAN address and
 * `<hostname>.local` when the server listens on all interfaces, the one address it is bound to
 * otherwise, none when it listens on loopback only.
 */
import os from 'node:os';
import type { DeviceNameSource } from './device-names.ts';

export interface Reachable {
  /** True when only this machine can open the UI (listening on loopback). */
  localOnly: boolean;
  /** `http://192.168.1.20:5000`, `http://pi.local:5000`, … */
  urls: string[];
}

const ANY = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

const bracket = (address: string) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/** Interface addresses other devices can use: not loopback, not IPv6 link-local (a URL cannot name its zone). */
function lanAddresses(system: DeviceNameSource): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(system.networkInterfaces()))
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') v4.push(info.address);
      else if (!/^fe[89ab]/i.test(info.address)) v6.push(bracket(info.address));
    }
  return [...new Set([...v4.sort(), ...v6.sort()])];
}

export function reachableAt(listenHost: string, port: number, system: DeviceNameSource = os): Reachable {
  const host = listenHost.trim();
  if (LOOPBACK.test(host)) return { localOnly: true, urls: [] };
  const url = (h: string) => `http://${h}${port === 80 ? '' : `:${port}`}`;
  if (!ANY.has(host)) return { localOnly: false, urls: [url(bracket(host))] };
  const name = system.hostname().toLowerCase();
  return { localOnly: false, urls: [...(name ? [url(`${name}.local`)] : []), ...lanAddresses(system).map(url)] };
}
