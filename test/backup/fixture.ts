/** A device with something in every part a backup holds, and a reader of what it holds now. */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { uploadsDir } from '../../core/backup/export.ts';
import { putPluginState } from '../../core/plugins/state/rows.ts';
import type { TestDeps } from '../support/deps.ts';

export async function fillDevice(deps: TestDeps, tag: string) {
  await deps.config.apply({
    op: 'raw',
    file: 'main',
    content: {
      display: { hardware: { brightness: tag === 'new' ? 70 : 40 } },
      weather: { enabled: true, city: `city-${tag}` },
    },
  });
  await deps.config.apply({ op: 'raw', file: 'secrets', content: { weather: { api_key: `key-${tag}` } } });
  const { sqlite } = deps.db;
  sqlite.prepare('DELETE FROM plugin_cache').run();
  sqlite
    .prepare('INSERT INTO plugin_cache (plugin_id, key, value, expires_at, updated_at) VALUES (?, ?, ?, NULL, 1)')
    .run('weather', 'forecast', JSON.stringify({ tag }));
  sqlite.prepare('DELETE FROM saved_repositories').run();
  sqlite
    .prepare("INSERT INTO saved_repositories (url, name, type, added_at) VALUES (?, ?, 'registry', 1)")
    .run(`https://example.test/${tag}/plugins.json`, `repo ${tag}`);
  const uploads = uploadsDir(deps.settings);
  fs.rmSync(uploads, { recursive: true, force: true });
  fs.mkdirSync(path.join(uploads, 'weather'), { recursive: true });
  fs.writeFileSync(path.join(uploads, 'weather', `${tag}.png`), `image ${tag}`);
  putPluginState(deps, {
    id: 'weather',
    name: 'Weather',
    version: '1.2.0',
    source: 'registry',
    path: path.join(deps.settings.pluginsDir, 'weather'),
    present: true,
    status: 'enabled',
    enabled: true,
  });
}

/** Where a device keeps what a backup covers. */
export interface DevicePlaces {
  main: string;
  secrets: string;
  uploads: string;
  sqlite: Database.Database;
}

export const placesOf = (deps: TestDeps): DevicePlaces => ({
  main: deps.config.paths.main,
  secrets: deps.config.paths.secrets,
  uploads: uploadsDir(deps.settings),
  sqlite: deps.db.sqlite,
});

/** Everything a backup covers, as it is now. */
export function stateOf(p: DevicePlaces) {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null);
  return {
    config: JSON.parse(read(p.main) ?? 'null'),
    secrets: JSON.parse(read(p.secrets) ?? 'null'),
    cache: p.sqlite.prepare('SELECT plugin_id, key, value FROM plugin_cache ORDER BY plugin_id, key').all(),
    repos: p.sqlite.prepare('SELECT url, name FROM saved_repositories ORDER BY url').all(),
    uploads: fs.existsSync(p.uploads) ? fs.readdirSync(p.uploads, { recursive: true }).map(String).sort() : [],
  };
}

export const deviceState = (deps: TestDeps) => stateOf(placesOf(deps));
