/**
 * Which addresses reach Marquee's web UI from another device: the machine's LAN addresses when the
 * server listens on every interface, the one it is bound to otherwise, or none at all (loopback).
 */

const WILDCARD = new Set(['0.0.0.0', '::', '', '*']);
const LOOPBACK = /^(127\.|::1$|localhost$)/i;

/** Non-internal addresses from `os.networkInterfaces()`, IPv4 first, sorted for a stable order. */
export function lanAddresses(interfaces, { ipv6 = false } = {}) {
  const v4 = [];
  const v6 = [];
  for (const list of Object.values(interfaces ?? {})) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' || a.family === 4) v4.push(a.address);
      // Link-local IPv6 (fe80::/10) needs a zone id a browser URL cannot carry.
      else if (ipv6 && !/^fe[89ab]/i.test(a.address)) v6.push(`[${a.address}]`);
    }
  }
  return [...new Set([...v4.sort(), ...v6.sort()])];
}

/**
 * What to show for the web UI: `{ kind: 'lan', addresses }`, `{ kind: 'local' }` when it listens
 * on loopback only (another device cannot open it), or `{ kind: 'bound', addresses: [host] }`.
 */
export function reachableAt(webHost, interfaces, opts) {
  const host = String(webHost ?? '').trim();
  if (WILDCARD.has(host)) return { kind: 'lan', addresses: lanAddresses(interfaces, opts) };
  if (LOOPBACK.test(host)) return { kind: 'local', addresses: [] };
  return { kind: 'bound', addresses: [host.includes(':') ? `[${host}]` : host] };
}
