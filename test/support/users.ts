import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { findAccount, type Account } from '../../core/platform/privileges.ts';

const made: string[] = [];

/**
 * Throws with the reason when throwaway system users cannot be made here: the tests that need
 * them start processes as root and switch users for real, and are never skipped.
 */
export function requireUserTools(): void {
  if (process.getuid?.() !== 0)
    throw new Error('these tests start processes as root and switch users: run them as root');
  if (spawnSync('useradd', ['--help'], { stdio: 'ignore' }).error)
    throw new Error('useradd is missing (package passwd): these tests create throwaway system users with it');
}

/** A new system user with a group of its own (and membership of `groups`), removed after the file's tests. */
export function throwawayUser(prefix: string, groups: string[] = []): Account {
  const name = `${prefix}${randomBytes(4).toString('hex')}`;
  execFileSync('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--home-dir',
    '/nonexistent',
    '--shell',
    '/usr/sbin/nologin',
    ...(groups.length ? ['--groups', groups.join(',')] : []),
    name,
  ]);
  made.push(name);
  return findAccount(name, fs.readFileSync('/etc/passwd', 'utf8'))!;
}

// Newest first, so a group is no longer anyone's supplementary group when its user goes.
afterAll(() => {
  for (const name of made.splice(0).reverse()) {
    spawnSync('userdel', [name], { stdio: 'ignore' });
    spawnSync('groupdel', [name], { stdio: 'ignore' });
  }
});

/** uid and gid lines of /proc/<pid>/status: real, effective, saved, filesystem; null once gone. */
export function credentialsOf(pid: number): { uid: number[]; gid: number[]; groups: number[] } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const ids = (key: string) =>
    (new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(status)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  return { uid: ids('Uid'), gid: ids('Gid'), groups: ids('Groups') };
}

/** Whether process `pid` still exists (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** The nice value of process `pid`'s main thread, from /proc/<pid>/stat. */
export function niceOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return null;
  }
}
