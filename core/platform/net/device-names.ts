/**
 * The names this device answers to: every interface's addresses, `localhost`, its host name and
 * `<hostname>.local` (mDNS), the address it listens on, and the names a setting adds. The list is
 * built once and rebuilt only when a name is not on it and the last build is `refreshMs` old, so
 * an address that changed (DHCP, a new interface) is picked up by its first request, and a flood
 * of requests for a foreign name costs one rebuild per `refreshMs`, never one per request.
 */
import os from 'node:os';
import type { Clock } from '../clock.ts';
import { isLoopbackHost } from './url-policy.ts';

export interface DeviceNameSource {
  hostname(): string;
  networkInterfaces(): NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

export interface DeviceNamesOptions {
  /** Names added by the `allowedHosts` setting. */
  extra: readonly string[];
  /** The address the server listens on (a name when it is one). */
  listenHost: string;
  clock: Clock;
  refreshMs?: number;
  system?: DeviceNameSource;
}

/** `Host` header or URL authority → the bare name, lowercased: `[::1]:5000` → `::1`, `Pi.local.:80` → `pi.local`. */
export function hostName(authority: string): string {
  let name = authority.trim().toLowerCase();
  if (name.startsWith('[')) {
    const close = name.indexOf(']');
    name = close > 0 ? name.slice(1, close) : name.slice(1);
  } else {
    const colon = name.lastIndexOf(':');
    // One colon: a port follows. More: an IPv6 address without brackets, kept whole.
    if (colon >= 0 && name.indexOf(':') === colon) name = name.slice(0, colon);
  }
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

const ANY = new Set(['0.0.0.0', '::', '']);

function collect(opts: DeviceNamesOptions, system: DeviceNameSource): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  const host = system.hostname().toLowerCase();
  if (host) names.add(host).add(`${host}.local`);
  for (const list of Object.values(system.networkInterfaces()))
    for (const info of list ?? []) names.add(hostName(info.address.split('%')[0]!));
  if (!ANY.has(opts.listenHost)) names.add(hostName(opts.listenHost));
  for (const extra of opts.extra) names.add(hostName(extra));
  return names;
}

export function deviceNames(opts: DeviceNamesOptions) {
  const system = opts.system ?? os;
  const refreshMs = opts.refreshMs ?? 5_000;
  let names = collect(opts, system);
  let builtAt = opts.clock.now();
  const known = (name: string) => names.has(name) || name.endsWith('.localhost') || isLoopbackHost(name);
  return {
    /** Whether `authority` (a Host header) names this device. */
    allows(authority: string): boolean {
      const name = hostName(authority);
      if (known(name)) return true;
      const now = opts.clock.now();
      if (now - builtAt < refreshMs && now >= builtAt) return false;
      names = collect(opts, system);
      builtAt = now;
      return known(name);
    },
    /** The names as last built (for the log at start and for tests). */
    list: (): string[] => [...names],
  };
}

export type DeviceNames = ReturnType<typeof deviceNames>;
