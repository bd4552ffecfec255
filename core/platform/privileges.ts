/**
 * Giving up root. The display starts as root only to open the panel (the GPIO registers through
 * /dev/mem, a real-time refresh thread); once that is done it becomes an ordinary user for good.
 * Groups go first (only root may set them), then the group, then the user; a process that could
 * still become root again afterwards is stopped rather than left running.
 */
import fs from 'node:fs';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** The account named `user` in a passwd file (`name:x:uid:gid:...` lines). */
export function findAccount(user: string, passwd: string): Account | null {
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined && /^\d+$/.test(uid) && /^\d+$/.test(gid))
      return { name, uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

export interface Credentials {
  getuid(): number;
  initgroups(user: string, gid: number): void;
  setgid(gid: number): void;
  setuid(uid: number): void;
}

/**
 * Switches a root process to `user` (and its groups from /etc/group). Returns the account, or null
 * when the process is not root (nothing to give up). Throws with the reason when the user does not
 * exist or the switch did not hold.
 */
export function dropPrivileges(user: string, o: { passwdFile?: string; process?: Credentials } = {}): Account | null {
  const proc = o.process ?? (process as unknown as Credentials);
  if (proc.getuid() !== 0) return null;
  const passwdFile = o.passwdFile ?? '/etc/passwd';
  const account = findAccount(user, fs.readFileSync(passwdFile, 'utf8'));
  if (!account) throw new Error(`user ${JSON.stringify(user)} not found in ${passwdFile}`);
  if (account.uid === 0) throw new Error(`user ${JSON.stringify(user)} is root: there would be nothing to give up`);
  proc.initgroups(account.name, account.gid);
  proc.setgid(account.gid);
  proc.setuid(account.uid);
  if (proc.getuid() !== account.uid) throw new Error(`still uid ${proc.getuid()} after switching to ${user}`);
  let regained = false;
  try {
    proc.setuid(0);
    regained = true;
  } catch {
    // Expected: an ordinary user cannot become root again.
  }
  if (regained) throw new Error(`the switch to ${user} did not hold: the process could become root again`);
  return account;
}
