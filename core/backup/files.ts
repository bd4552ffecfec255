/** Listing a folder for an archive: regular files only. */
import fs from 'node:fs';
import path from 'node:path';

/** Every regular file under `dir`, relative, `/`-separated; links and special files are left out. */
export function* filesUnder(dir: string, rel = ''): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* filesUnder(dir, child);
    else if (e.isFile()) yield child;
  }
}
