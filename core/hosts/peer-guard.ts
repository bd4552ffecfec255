/**
 * Keeps plugins out of Marquee's own API. Plugins keep outbound network (weather, scores), so a
 * plugin could connect to the web server like any local program; authentication may be off, and
 * a token would be no help against code on the same machine. Instead the web server looks at who
 * holds the other end of each connection from this machine: the connecting socket's inode, found
 * in /proc/net/tcp{,6} by its port pair, is searched among the open files of the plugin hosts
 * (every process below the display), or, for hosts of another user, matched by its owner's uid. A
 * match is refused before a byte of the request is read.
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

/** The socket whose own port is `port` and whose peer's port is `peerPort`: its inode and its owner's uid, from /proc/net. */
export function socketEntry(
  port: number,
  peerPort: number,
  tables = ['/proc/net/tcp', '/proc/net/tcp6'],
): { inode: string; uid: number } | null {
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
      if (f.length > 9 && f[1]!.endsWith(own) && f[2]!.endsWith(peer)) return { inode: f[9]!, uid: Number(f[7]) };
    }
  }
  return null;
}

export const socketInode = (port: number, peerPort: number, tables?: string[]) =>
  socketEntry(port, peerPort, tables)?.inode ?? null;

/** The real uid of process `pid`, from /proc/<pid>/status (readable for any process). */
function uidOf(pid: number): number | null {
  try {
    return Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? NaN);
  } catch {
    return null;
  }
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
      const entry = socketEntry(remotePort, localPort);
      if (!entry) return null;
      const holder = hosts.find((pid) => holdsSocket(pid, entry.inode));
      if (holder) return holder;
      // Hosts of a user of their own (the host launcher's) keep their open files from this
      // process; a socket of that user (neither this process's nor root's) is theirs.
      if (entry.uid === process.getuid?.() || entry.uid === 0) return null;
      return hosts.find((pid) => uidOf(pid) === entry.uid) ?? null;
    },
  };
}
