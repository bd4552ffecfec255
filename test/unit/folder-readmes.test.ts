import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';

const ROOTS = ['core', 'shared', 'routes', 'components', 'db', 'test', 'bench', 'scripts'];

// Folders a tool owns: drizzle-kit reads every file in its meta folder as a schema snapshot.
const TOOL_OWNED = new Set(['db/migrations/meta']);

/** Every folder under `rel`, itself included; hidden folders (screenshots, caches) are not the project's. */
function folders(rel: string): string[] {
  const entries = fs.readdirSync(path.join(PROJECT_ROOT, rel), { withFileTypes: true });
  const subs = entries.filter(
    (e) => e.isDirectory() && !e.name.startsWith('.') && !TOOL_OWNED.has(path.posix.join(rel, e.name)),
  );
  return [rel, ...subs.flatMap((e) => folders(path.posix.join(rel, e.name)))];
}

const all = ROOTS.flatMap(folders);
const firstLine = (dir: string) => {
  const file = path.join(PROJECT_ROOT, dir, 'README.md');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n')[0]!.trim() : null;
};

describe(`folder READMEs (${all.length} folders)`, () => {
  it("every folder's README.md says on its first line what the folder is for", () => {
    expect(all.filter((dir) => !firstLine(dir))).toEqual([]);
  });
});
