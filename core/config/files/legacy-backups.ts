/**
 * Backup folders of earlier versions (config/backups/<id>/ with config.json, config_secrets.json
 * and meta.json): taken into the settings history once, at start, then removed. A folder is
 * removed only after its row is committed; one that cannot be read is left where it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigHistory, HistoryMeta } from '../history.ts';

const FILES = { main: 'config.json', secrets: 'config_secrets.json', meta: 'meta.json' } as const;
const ID = /^\d{8}T\d{9}Z-\d{4}$/;

function readFolder(folder: string) {
  const main = fs.readFileSync(path.join(folder, FILES.main), 'utf8');
  const secrets = fs.readFileSync(path.join(folder, FILES.secrets), 'utf8');
  let meta: HistoryMeta & { created_at?: string } = {};
  try {
    meta = JSON.parse(fs.readFileSync(path.join(folder, FILES.meta), 'utf8')) as typeof meta;
  } catch {
    // Older folders may lack meta.json; the folder's time stands in for its creation time.
  }
  const createdAt = Date.parse(meta.created_at ?? '') || fs.statSync(folder).mtimeMs;
  return { pair: { main, secrets }, createdAt, meta: { reason: meta.reason, changed_sections: meta.changed_sections } };
}

/** Moves every backup folder under `dir` into `history`; returns the ids taken and the folders left. */
export function importLegacyBackups(dir: string, history: Pick<ConfigHistory, 'adopt'>) {
  const taken: string[] = [];
  const left: string[] = [];
  if (!fs.existsSync(dir)) return { taken, left };
  for (const name of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    // Debris of an interrupted backup or prune: never a complete pair.
    if (name.startsWith('.tmp-') || name.startsWith('.trash-')) {
      fs.rmSync(folder, { recursive: true, force: true });
      continue;
    }
    if (!ID.test(name)) continue;
    try {
      const { pair, createdAt, meta } = readFolder(folder);
      history.adopt(name, Math.floor(createdAt), pair, meta);
    } catch {
      left.push(name);
      continue;
    }
    fs.rmSync(folder, { recursive: true, force: true });
    taken.push(name);
  }
  if (!fs.readdirSync(dir).length) fs.rmdirSync(dir);
  return { taken, left };
}
