/**
 * TEST DOUBLE — not production code. A file-backed PluginConfigPort for lifecycle tests and crash
 * fixtures: it reads and writes config/config.json and config_secrets.json directly (temp file,
 * fsync, rename). The config store provides the real implementation, with backups and locking.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PluginConfigPort, PluginConfigSnapshot } from '../../core/plugins/config-port.ts';
import { readJsonIfExists, writeJsonAtomic } from '../../core/plugins/staging/files.ts';

type Doc = Record<string, unknown>;

const FILES = { config: 'config.json', secrets: 'config_secrets.json' } as const;

export function fileConfigPort(configDir: string): PluginConfigPort {
  const file = (which: keyof typeof FILES) => path.join(configDir, FILES[which]);
  const read = async (which: keyof typeof FILES) => ((await readJsonIfExists(file(which))) ?? {}) as Doc;
  const write = async (which: keyof typeof FILES, doc: Doc) => {
    fs.mkdirSync(configDir, { recursive: true });
    await writeJsonAtomic(file(which), doc, which === 'secrets' ? 0o600 : 0o644);
  };
  const setSection = async (which: keyof typeof FILES, id: string, value: unknown) => {
    const doc = await read(which);
    if (value === undefined && !(id in doc)) return;
    if (value === undefined) delete doc[id];
    else doc[id] = value;
    await write(which, doc);
  };
  return {
    async snapshot(pluginId) {
      const snap: PluginConfigSnapshot = { pluginId };
      const config = (await read('config'))[pluginId];
      const secrets = (await read('secrets'))[pluginId];
      if (config !== undefined) snap.config = config;
      if (secrets !== undefined) snap.secrets = secrets;
      return snap;
    },
    async removeSection(pluginId) {
      await setSection('config', pluginId, undefined);
      await setSection('secrets', pluginId, undefined);
    },
    async restore(snap) {
      await setSection('config', snap.pluginId, snap.config);
      await setSection('secrets', snap.pluginId, snap.secrets);
    },
  };
}

/** Writes both files in one go (test set-up). */
export function writeConfigFiles(configDir: string, config: Doc, secrets: Doc = {}): void {
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, FILES.config), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(configDir, FILES.secrets), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

export function readConfigFiles(configDir: string): { config: Doc; secrets: Doc } {
  const load = (name: string) => {
    const p = path.join(configDir, name);
    return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Doc) : {};
  };
  return { config: load(FILES.config), secrets: load(FILES.secrets) };
}
