/**
 * Keeps plugins out of Marquee's own API. Plugins keep outbound network (weather, scores), so a
 * plugin could connect to the web server like any local program; authentication may be off, and
 * a token would be no help against code on the same machine. Instead the web server looks at who
 * holds the other end of each connection from this machine: the connecting socket's inode, found
 * in /proc/net/tcp{,6} by its port pair, is searched among the open files of the plugin hosts
 * (every process below the display). A match is refused before a byte of the request is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import { descendantsOf } from './proc-stats.ts';

export interface Peer {
  remoteAddress?: string;
  remotePort?: number;
  localPort?: number;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Addresses of this machine: a connection from one of them comes from a local program. */
function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) (out.add(a.address), out.add(`::ffff:${a.address}`));
  return out;
}

/** The inode of the socket whose own port is `port` and whose peer's port is `peerPort`, from /proc/net. */
export function socketInode(
  port: number,
  peerPort: number,
  tables = ['/proc/net/tcp', '/proc/net/tcp6'],
): string | null {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const [own, peer] = [`:${hex(port)}`, `:${hex(peerPort)}`];
  for (const table of tables) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1]!.endsWith(own) && f[2]!.endsWith(peer)) return f[9]!;
    }
  }
  return null;
}

/** Whether process `pid` holds the socket with this inode. */
export function holdsSocket(pid: number, inode: string): boolean {
  const want = `socket:[${inode}]`;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === want) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/**
 * `displayPid()`: the display process, whose descendants are the plugin hosts (null: none known).
 * `fromHost(peer)` answers whether a connection comes from one of them.
 */
export function createHostPeerGuard(o: { displayPid: () => number | null }) {
  let local = localAddresses();
  let localAt = Date.now();
  return {
    fromHost(peer: Peer): number | null {
      const { remoteAddress: addr, remotePort, localPort } = peer;
      if (!addr || !remotePort || !localPort) return null;
      if (Date.now() - localAt > 60_000) [local, localAt] = [localAddresses(), Date.now()];
      if (!LOOPBACK.test(addr) && !local.has(addr)) return null;
      const display = o.displayPid();
      if (!display) return null;
      const hosts = descendantsOf(display);
      if (!hosts.length) return null;
      const inode = socketInode(remotePort, localPort);
      if (!inode) return null;
      return hosts.find((pid) => holdsSocket(pid, inode)) ?? null;
    },
  };
}
