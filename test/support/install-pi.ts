/**
 * scripts/install-pi.sh in dry-run mode, for the installer's tests: every file it would write lands
 * under a temp root, every privileged command is printed instead of run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { tempDir } from './temp.ts';

export const SCRIPT = path.join(PROJECT_ROOT, 'scripts/install-pi.sh');
export const CMDLINE = 'console=serial0,115200 root=PARTUUID=abc rootwait';

export const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** A fake system root: the board's device-tree model and a kernel command line. */
export function fakeRoot(model: string | null = 'Raspberry Pi 4 Model B Rev 1.4'): string {
  const root = tempDir('marquee-root-');
  if (model !== null) {
    fs.mkdirSync(path.join(root, 'proc/device-tree'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc/device-tree/model'), `${model}\0`);
  }
  fs.mkdirSync(path.join(root, 'boot/firmware'), { recursive: true });
  fs.writeFileSync(path.join(root, 'boot/firmware/cmdline.txt'), `${CMDLINE}\n`);
  return root;
}

export function install(root: string, args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync('bash', [SCRIPT, '--dry-run', '--root', root, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const commands = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('would run: '))
    .map((l) => l.slice('would run: '.length));
  return { code: r.status, out: r.stdout, err: r.stderr, commands };
}

export const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
export const mode = (root: string, file: string) => (fs.statSync(path.join(root, file)).mode & 0o777).toString(8);
export const exists = (root: string, file: string) => fs.existsSync(path.join(root, file));
