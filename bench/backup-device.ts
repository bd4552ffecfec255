/**
 * Helpers of the backup benchmark: a device folder with 20 store-installed plugins, their settings
 * and secrets, plugin data, saved repositories and uploads; and a reading of all of it, to tell the
 * old state from the new (and either from a mix).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../db/sqlite.ts';
import { BEHAVE } from './display-support.ts';

export const PLUGINS = 20;

export interface Device {
  root: string;
  env: Record<string, string>;
  dataDir: string;
  configDir: string;
}

const ids = () => Array.from({ length: PLUGINS }, (_, i) => `plugin-${String(i).padStart(2, '0')}`);

function writePlugins(dir: string) {
  for (const id of ids()) {
    const p = path.join(dir, id);
    fs.mkdirSync(p, { recursive: true });
    fs.copyFileSync(BEHAVE, path.join(p, 'plugin.js'));
    fs.writeFileSync(
      path.join(p, 'manifest.json'),
      JSON.stringify({ id, name: id, version: '1.0.0', entry_point: 'plugin.js', display_modes: [id] }),
    );
    fs.writeFileSync(
      path.join(p, '.marquee-install.json'),
      JSON.stringify({ source: 'registry', installed_at: '2030-01-01T00:00:00.000Z' }),
    );
  }
}

/** Writes the `tag` state of everything a backup covers into the device's folders and database. */
export function fill(d: Device, tag: string) {
  const config = Object.fromEntries(ids().map((id) => [id, { enabled: false, label: `${id} ${tag}`, speed: 3 }]));
  const secrets = Object.fromEntries(ids().map((id) => [id, { api_key: `${id}-${tag}-key` }]));
  fs.mkdirSync(d.configDir, { recursive: true });
  fs.writeFileSync(path.join(d.configDir, 'config.json'), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(d.configDir, 'config_secrets.json'), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  const uploads = path.join(d.dataDir, 'uploads');
  fs.rmSync(uploads, { recursive: true, force: true });
  for (const id of ids()) {
    fs.mkdirSync(path.join(uploads, id), { recursive: true });
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(uploads, id, `${tag}-${i}.bin`), crypto.randomBytes(20_000));
  }
  const db = openSqlite(d.dataDir);
  try {
    db.sqlite.transaction(() => {
      db.sqlite.prepare('DELETE FROM plugin_cache').run();
      const put = db.sqlite.prepare(
        'INSERT INTO plugin_cache (plugin_id, key, value, expires_at, updated_at) VALUES (?, ?, ?, NULL, 1)',
      );
      for (const id of ids()) for (let k = 0; k < 10; k++) put.run(id, `key-${k}`, JSON.stringify({ tag, k }));
      db.sqlite.prepare('DELETE FROM saved_repositories').run();
      for (let r = 0; r < 3; r++)
        db.sqlite
          .prepare("INSERT INTO saved_repositories (url, name, type, added_at) VALUES (?, ?, 'registry', 1)")
          .run(`https://example.test/${tag}/${r}/plugins.json`, `${tag} ${r}`);
    })();
  } finally {
    db.close();
  }
}

export function makeDevice(tag: string): Device {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-backup-'));
  const d: Device = { root, dataDir: path.join(root, 'data'), configDir: path.join(root, 'config'), env: {} };
  writePlugins(path.join(root, 'plugins'));
  d.env = {
    MARQUEE_DATA_DIR: d.dataDir,
    MARQUEE_CONFIG_DIR: d.configDir,
    MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    MARQUEE_GITHUB_ENRICH: 'false',
  };
  fill(d, tag);
  return d;
}

const hash = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex').slice(0, 16);

/** One fingerprint per part a backup covers, as they are now. */
export function fingerprint(d: Device): Record<string, string> {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.from(''));
  const uploads = path.join(d.dataDir, 'uploads');
  const files = fs.existsSync(uploads) ? fs.readdirSync(uploads, { recursive: true }).map(String).sort() : [];
  const db = openSqlite(d.dataDir);
  try {
    const rows = (sql: string) => JSON.stringify(db.sqlite.prepare(sql).all());
    return {
      config: hash(read(path.join(d.configDir, 'config.json'))),
      secrets: hash(read(path.join(d.configDir, 'config_secrets.json'))),
      uploads: hash(
        files
          .map((f) => `${f}:${fs.statSync(path.join(uploads, f)).isFile() ? hash(read(path.join(uploads, f))) : 'dir'}`)
          .join('\n'),
      ),
      cache: hash(rows('SELECT plugin_id, key, value FROM plugin_cache ORDER BY plugin_id, key')),
      repos: hash(rows('SELECT url, name FROM saved_repositories ORDER BY url')),
    };
  } finally {
    db.close();
  }
}
