import { describe, expect, it } from 'vitest';
import { dropPrivileges, findAccount, type Credentials } from '../../core/platform/privileges.ts';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/temp.ts';

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nmarquee:x:998:997::/var/lib/marquee:/usr/sbin/nologin\nbroken:x:abc:1::/:/bin/sh\n';

/** A process whose credentials are variables: records each call, and can refuse to give up root. */
function fakeProcess(o: { keepsRoot?: boolean } = {}) {
  const calls: string[] = [];
  let uid = 0;
  const proc: Credentials = {
    getuid: () => uid,
    initgroups: (user, gid) => void calls.push(`initgroups ${user} ${gid}`),
    setgid: (gid) => void calls.push(`setgid ${gid}`),
    setuid: (next) => {
      calls.push(`setuid ${next}`);
      if (next === 0 && uid !== 0 && !o.keepsRoot) throw new Error('EPERM');
      uid = next;
    },
  };
  return { proc, calls, passwd: writePasswd() };
}

function writePasswd(): string {
  const file = path.join(tempDir(), 'passwd');
  fs.writeFileSync(file, PASSWD);
  return file;
}

describe('dropping root', () => {
  it('finds an account by name and skips malformed lines', () => {
    expect(findAccount('marquee', PASSWD)).toEqual({ name: 'marquee', uid: 998, gid: 997 });
    expect(findAccount('broken', PASSWD)).toBeNull();
    expect(findAccount('nobody', PASSWD)).toBeNull();
  });

  it('sets the groups, then the group, then the user, and checks root cannot come back', () => {
    const { proc, calls, passwd } = fakeProcess();
    expect(dropPrivileges('marquee', { process: proc, passwdFile: passwd })).toEqual({
      name: 'marquee',
      uid: 998,
      gid: 997,
    });
    expect(calls).toEqual(['initgroups marquee 997', 'setgid 997', 'setuid 998', 'setuid 0']);
  });

  it('does nothing when the process is not root', () => {
    const { proc, calls, passwd } = fakeProcess();
    proc.setuid(1000);
    calls.length = 0;
    expect(dropPrivileges('marquee', { process: proc, passwdFile: passwd })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('refuses an unknown user, root itself, and a switch that did not hold', () => {
    const { proc, passwd } = fakeProcess();
    expect(() => dropPrivileges('ghost', { process: proc, passwdFile: passwd })).toThrow(/user "ghost" not found/);
    expect(() => dropPrivileges('root', { process: proc, passwdFile: passwd })).toThrow(/nothing to give up/);
    const stubborn = fakeProcess({ keepsRoot: true });
    expect(() => dropPrivileges('marquee', { process: stubborn.proc, passwdFile: stubborn.passwd })).toThrow(
      /could become root again/,
    );
  });
});
