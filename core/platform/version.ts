import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';

/** Marquee's version, from package.json: the version plugins' compatibility ranges are checked against. */
export function readVersion(root = PROJECT_ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
