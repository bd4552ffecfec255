import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  escapingLinks,
  prepareDataDir,
  probeConfinement,
  unreachable,
  wrapCommand,
  type Confinement,
} from '../../core/hosts/confine.ts';
import { tempDir } from '../support/temp.ts';

const NOBODY = { uid: 65_534, gid: 65_534 };
const asRoot = process.getuid?.() === 0;

describe('platform confinement of plugin hosts', () => {
  it('wraps the host in nice 10, resource limits and a PID namespace of its own', () => {
    const c: Confinement = {
      user: NOBODY,
      tools: { nice: '/usr/bin/nice', prlimit: '/usr/bin/prlimit', unshare: '/usr/bin/unshare' },
      problem: null,
    };
    const cmd = wrapCommand({ command: '/usr/bin/node', args: ['host.mjs'] }, c, {
      dataBytes: 100,
      fileBytes: 200,
      openFiles: 64,
    });
    expect([cmd.command, ...cmd.args]).toEqual([
      '/usr/bin/nice',
      '-n',
      '10',
      '/usr/bin/prlimit',
      '--data=100',
      '--fsize=200',
      '--nofile=64',
      '--core=0',
      '--',
      '/usr/bin/unshare',
      '--user',
      '--pid',
      '--fork',
      '--kill-child',
      '--',
      '/usr/bin/node',
      'host.mjs',
    ]);
  });

  it('gives a host without network an empty network namespace of its own', () => {
    const c: Confinement = {
      user: null,
      tools: { nice: null, prlimit: null, unshare: '/usr/bin/unshare' },
      problem: null,
      noNetwork: true,
    };
    const cmd = wrapCommand({ command: '/usr/bin/node', args: ['host.mjs'] }, c, {
      dataBytes: 100,
      fileBytes: 200,
      openFiles: 64,
    });
    expect([cmd.command, ...cmd.args]).toEqual([
      '/usr/bin/unshare',
      '--user',
      '--pid',
      '--net',
      '--fork',
      '--kill-child',
      '--',
      '/usr/bin/node',
      'host.mjs',
    ]);
  });

  it('fails closed without a PID namespace, and never runs hosts as root', () => {
    const none = probeConfinement({ isRoot: false, hostUser: NOBODY, find: () => null });
    expect(none.problem).toMatch(/"unshare" command \(util-linux\) is missing/);
    const refused = probeConfinement({
      isRoot: false,
      hostUser: NOBODY,
      find: (n) => `/usr/bin/${n}`,
      tryNs: () => 'plugins cannot be kept from signalling: unshare failed (Operation not permitted)',
    });
    expect(refused.problem).toMatch(/Operation not permitted/);
    expect(probeConfinement({ isRoot: true, hostUser: { uid: 0, gid: 0 }, find: () => null }).problem).toMatch(
      /must not be 0/,
    );
    expect(
      probeConfinement({ isRoot: false, hostUser: NOBODY, find: (n) => `/x/${n}`, tryNs: () => null }).user,
    ).toBeNull();
  });

  it('this machine offers a PID namespace to the hosts', () => {
    expect(probeConfinement({ isRoot: asRoot, hostUser: NOBODY }).problem).toBeNull();
  });

  it('says which folder keeps the host user out, from modes and owners', () => {
    const root = tempDir();
    fs.chmodSync(root, 0o700);
    fs.mkdirSync(path.join(root, 'plugin'));
    expect(unreachable(path.join(root, 'plugin'), NOBODY, 'read')).toMatch(
      /mode 700.*does not let user 65534 enter it/,
    );
    fs.chmodSync(root, 0o755);
    expect(unreachable(path.join(root, 'plugin'), NOBODY, 'read')).toBeNull();
    expect(unreachable(path.join(root, 'plugin'), NOBODY, 'write')).toMatch(/write it/);
    expect(unreachable(path.join(root, 'missing'), NOBODY, 'read')).toMatch(/ENOENT/);
  });

  it('finds links in a plugin folder that lead outside it, and leaves those inside alone', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'a.png'), 'x');
    fs.symlinkSync('a.png', path.join(dir, 'assets', 'same.png'));
    expect(escapingLinks(dir)).toEqual([]);
    fs.symlinkSync('/etc', path.join(dir, 'assets', 'etc'));
    expect(escapingLinks(dir)).toEqual([path.join('assets', 'etc')]);
  });

  it.runIf(asRoot)('gives each plugin a data folder only its host user may enter', () => {
    const root = path.join(tempDir(), 'plugins');
    const dir = prepareDataDir(root, 'p', NOBODY);
    expect(fs.statSync(root).mode & 0o777).toBe(0o711);
    expect(fs.statSync(dir)).toMatchObject({ uid: NOBODY.uid, gid: NOBODY.gid });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});
