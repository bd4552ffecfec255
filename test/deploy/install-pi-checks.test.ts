/**
 * What scripts/install-pi.sh checks before it writes anything, in dry-run mode
 * (test/support/install-pi.ts): the board, the system's packages and Node.js, its options; and the
 * script itself with shellcheck when that is present.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CMDLINE, exists, fakeRoot, has, install, read, SCRIPT } from '../support/install-pi.ts';
import { tempDir } from '../support/temp.ts';
import { WEB_NODE_FLAGS } from '../../core/app/node-flags.ts';

describe('install-pi.sh --dry-run', () => {
  it('on a Raspberry Pi 5 says plainly the panel cannot be driven, installs with the emulator and changes no panel setting', () => {
    const root = fakeRoot('Raspberry Pi 5 Model B Rev 1.0');
    const r = install(root, ['--arch', 'arm64', '--isolcpus']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('This is a Raspberry Pi 5. The panel library bundled with Marquee (rpi-led-matrix 1.15.0)');
    expect(r.out).toContain('cannot drive a Pi 5');
    expect(exists(root, 'etc/systemd/system/marquee-display.service')).toBe(true);
    expect(exists(root, 'etc/modprobe.d/marquee-blacklist-snd-bcm2835.conf')).toBe(false);
    expect(read(root, 'boot/firmware/cmdline.txt')).toBe(`${CMDLINE}\n`);
  });

  it('off a Raspberry Pi stops with the fix, unless told to install with the emulator', () => {
    const root = fakeRoot(null);
    const r = install(root, ['--arch', 'amd64']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: this is not a Raspberry Pi');
    expect(r.err).toContain('fix:   run it on a Raspberry Pi, or pass --any-board');
    expect(exists(root, 'opt/marquee')).toBe(false);
    const anyway = install(root, ['--arch', 'amd64', '--any-board']);
    expect(anyway.code).toBe(0);
    expect(exists(root, 'etc/systemd/system/marquee-web.service')).toBe(true);
  });

  it('on a fresh system, plans the missing packages and the official Node.js build for the architecture', () => {
    const root = fakeRoot();
    const bin = tempDir('marquee-oldnode-');
    fs.writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho 18.19.0\n', { mode: 0o755 });
    // No package is installed yet.
    fs.writeFileSync(path.join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const r = install(root, ['--arch', 'armhf', '--no-isolcpus'], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${path.join(bin, 'node')} is 18.19.0: too old`);
    expect(r.commands).toContain('apt-get update');
    expect(r.commands).toContain(
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends build-essential python3 python3-venv python3-pil curl ca-certificates xz-utils polkitd',
    );
    expect(
      r.commands.some((c) => /^curl -fsSL -o \S+ https:\/\/nodejs\.org\/dist\/latest-v22\.x\/SHASUMS256\.txt$/.test(c)),
    ).toBe(true);
    expect(r.commands.some((c) => /node-v22\.x\.y-linux-armv7l\.tar\.xz/.test(c))).toBe(true);
    expect(read(root, 'etc/systemd/system/marquee-web.service')).toContain(
      `ExecStart=/opt/marquee-node/bin/node ${WEB_NODE_FLAGS.join(' ')} /opt/marquee/dist/server.mjs`,
    );
  });

  it.each([
    [['--port', '99999'], "--port must be a number from 1 to 65535, got '99999'"],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['--purge'], '--purge goes with --uninstall'],
  ])('refuses %j with the reason and writes nothing', (args, message) => {
    const root = fakeRoot();
    const r = install(root, args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${message}`);
    expect(r.err).toMatch(/^fix: /m);
    expect(fs.readdirSync(root).sort()).toEqual(['boot', 'proc']);
  });

  it('refuses a dry run without a root to write into', () => {
    const r = spawnSync('bash', [SCRIPT, '--dry-run'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: --dry-run needs --root DIR');
  });

  it.runIf(has('shellcheck'))('passes shellcheck', () => {
    const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
