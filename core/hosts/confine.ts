/**
 * What the platform gives to confine a plugin host, found once per display process, and how a
 * host's command is wrapped to use it:
 *
 * - `nice -n 10`: hosts run at lower CPU priority than the display.
 * - `prlimit`: a ceiling on the host's private writable memory (RLIMIT_DATA: a runaway allocation
 *   fails inside the plugin instead of growing until the periodic check kills the host), no core
 *   dumps, a bounded number of open files and a largest file size.
 * - `unshare --user --pid --fork --kill-child`: the host is process 1 of a PID namespace of its
 *   own, so no pid outside it means anything to it: it cannot signal (or trace) the display, the
 *   web process or another host, whatever user Marquee runs as. A user namespace makes this work
 *   without privileges.
 * - When Marquee runs as root, hosts run as an unprivileged user (`plugins.hostUid`/`hostGid`), so
 *   the operating system too refuses them Marquee's files (config_secrets.json is 0600).
 *
 * A missing PID namespace fails closed: no plugin runs, and health says why.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface HostUser {
  uid: number;
  gid: number;
}

export interface Confinement {
  /** Hosts run as this user (Marquee runs as root); null: as Marquee's own user. */
  user: HostUser | null;
  tools: { nice: string | null; prlimit: string | null; unshare: string | null };
  /** Why hosts cannot be confined here; plugins are refused while it is set. */
  problem: string | null;
  /** Hosts get a network namespace of their own with nothing in it (no machine, not even this one, is reachable). */
  noNetwork?: boolean;
}

export interface HostCommand {
  command: string;
  args: string[];
}

export interface ResourceLimits {
  /** RLIMIT_DATA: private writable memory, bytes. */
  dataBytes: number;
  /** RLIMIT_FSIZE: largest file the host may write, bytes. */
  fileBytes: number;
  openFiles: number;
}

const SEARCH = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'];

/** An executable of that name in the usual system folders, or null. */
export function findTool(name: string, dirs = SEARCH): string | null {
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The PID namespace as a host would get it: a real attempt, as the host's user. */
function tryNamespace(unshare: string, user: HostUser | null): string | null {
  const r = spawnSync(unshare, ['--user', '--pid', '--fork', '--kill-child', '--', '/bin/true'], {
    timeout: 5_000,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  if (r.status === 0) return null;
  const why = r.error?.message ?? (r.stderr?.toString().trim() || `exit code ${r.status}`);
  return `plugins cannot be kept from signalling Marquee's processes: "unshare --user --pid" failed (${why}); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone)`;
}

export function probeConfinement(opts: {
  isRoot: boolean;
  hostUser: HostUser;
  find?: (name: string) => string | null;
  tryNs?: (unshare: string, user: HostUser | null) => string | null;
}): Confinement {
  const find = opts.find ?? findTool;
  const tools = { nice: find('nice'), prlimit: find('prlimit'), unshare: find('unshare') };
  const user = opts.isRoot ? opts.hostUser : null;
  if (user && user.uid === 0) return { user, tools, problem: 'plugins.hostUid must not be 0 (root)' };
  const problem = tools.unshare
    ? (opts.tryNs ?? tryNamespace)(tools.unshare, user)
    : 'plugins cannot be kept from signalling Marquee\'s processes: the "unshare" command (util-linux) is missing';
  return { user, tools, problem };
}

/** The host's command inside the wrappers the platform offers (see the file comment). */
export function wrapCommand(inner: HostCommand, c: Confinement, limits: ResourceLimits): HostCommand {
  let cmd: string[] = [inner.command, ...inner.args];
  if (c.tools.unshare)
    cmd = [
      c.tools.unshare,
      '--user',
      '--pid',
      ...(c.noNetwork ? ['--net'] : []),
      '--fork',
      '--kill-child',
      '--',
      ...cmd,
    ];
  if (c.tools.prlimit)
    cmd = [
      c.tools.prlimit,
      `--data=${limits.dataBytes}`,
      `--fsize=${limits.fileBytes}`,
      `--nofile=${limits.openFiles}`,
      '--core=0',
      '--',
      ...cmd,
    ];
  if (c.tools.nice) cmd = [c.tools.nice, '-n', '10', ...cmd];
  return { command: cmd[0]!, args: cmd.slice(1) };
}

/**
 * Why `user` cannot reach `target` (read, or write too), from the modes and owners of the target
 * and each folder above it; null when it can. Marquee checks this before starting a host as
 * another user, so a folder it cannot read is refused with its reason rather than failing inside.
 */
export function unreachable(target: string, user: HostUser, need: 'read' | 'write'): string | null {
  const abs = path.resolve(target);
  const parts = abs.split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const p = path.sep + parts.slice(0, i).join(path.sep);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      return `${p}: ${(e as Error).message}`;
    }
    const bits = st.uid === user.uid ? (st.mode >> 6) & 7 : st.gid === user.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    const last = i === parts.length;
    const wanted = !last ? 1 : st.isDirectory() ? (need === 'write' ? 7 : 5) : need === 'write' ? 6 : 4;
    if ((bits & wanted) !== wanted)
      return `${p} (mode ${(st.mode & 0o777).toString(8)}, owner ${st.uid}) does not let user ${user.uid} ${last ? need : 'enter'} it`;
  }
  return null;
}

/**
 * Symbolic links in a plugin's folder that lead outside it. Node's permission model follows links,
 * so such a link would open the rest of the file system to the plugin; a folder holding one is
 * refused. The installer never extracts links; this catches folders put in place by hand.
 */
export function escapingLinks(dir: string, maxEntries = 20_000): string[] {
  const root = fs.realpathSync(dir);
  const found: string[] = [];
  const queue = [root];
  let seen = 0;
  while (queue.length && seen < maxEntries) {
    const d = queue.shift()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      seen += 1;
      const p = path.join(d, e.name);
      if (e.isDirectory()) queue.push(p);
      else if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = fs.realpathSync(p);
        } catch {
          continue;
        }
        if (real !== root && !real.startsWith(root + path.sep)) found.push(path.relative(root, p));
      }
    }
  }
  return found;
}

/**
 * A plugin's writable folder `<root>/<id>`, created for the host's user, who alone may enter it.
 * The folder holding them may be crossed but not listed, so no host learns which others exist.
 * Made by a process that is not root for hosts of another user (started by the host launcher),
 * the folder is Marquee's and shared with the hosts' group instead (2770), where the web process,
 * a member, can back up and remove what hosts write.
 */
export function prepareDataDir(root: string, id: string, user: HostUser | null): string {
  if (!fs.existsSync(root)) fs.mkdirSync(root, { recursive: true, mode: 0o711 });
  const dir = path.join(root, id);
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(dir, { recursive: true, mode: user && !asRoot ? 0o770 : 0o700 });
  if (!user) return dir;
  const st = fs.statSync(dir);
  if (asRoot) {
    if (st.uid !== user.uid || st.gid !== user.gid) fs.chownSync(dir, user.uid, user.gid);
  } else if (st.uid === process.getuid?.()) shareWithGroup(dir, st, user.gid);
  return dir;
}

/**
 * Gives the folder to the hosts' group, setgid so what is made inside stays in it. Made inside a
 * setgid folder (the installer's `data/plugins`), it is so already and nothing is changed; one
 * made there by a process with a narrower umask (the web service storing an upload) only needs
 * the group's write, which a mode naming setgid cannot give under systemd's RestrictSUIDSGID:
 * then the group's rights win over setgid (hosts' own files are in their group anyway).
 */
function shareWithGroup(dir: string, st: fs.Stats, gid: number) {
  try {
    if (st.gid !== gid) fs.chownSync(dir, -1, gid);
    if ((st.mode & 0o2070) === 0o2070) return;
    try {
      fs.chmodSync(dir, 0o2770);
    } catch {
      fs.chmodSync(dir, 0o770);
    }
  } catch {
    // Not in the hosts' group, or refused: the admission check (unreachable()) says why.
  }
}

/** The real path of `p` (Node's permission model compares real paths), or `p` when it does not exist. */
export function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
