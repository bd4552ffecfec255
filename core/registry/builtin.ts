/**
 * The built-in source: Marquee's first-party plugins, read from their manifests in the shipped
 * plugins folder. No network, so the store lists them even offline; zero folders is a valid,
 * empty source.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { isFirstParty as hasNoInstallRecord } from '../plugins/package/install-meta.ts';
import { toProblems } from '../platform/validation.ts';
import { entrySchema, type ParsedRegistry, type RegistryEntry } from './registry-format.ts';
import { BUILTIN_SOURCE } from './sources.ts';

/**
 * First-party plugins and installed ones may share the folder. A folder is first-party unless the
 * installer wrote its install record there (core/plugins/package/install-meta.ts); staging, hidden and
 * backup folders are never plugins.
 */
function isFirstParty(dir: string, name: string): boolean {
  if (name.startsWith('.') || name.includes('.standalone-backup-')) return false;
  return hasNoInstallRecord(dir);
}

function readManifest(file: string): Record<string, unknown> | Error {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
    return new Error('manifest.json is not an object');
  } catch (e) {
    return e as Error;
  }
}

function asEntry(manifest: Record<string, unknown>, folder: string) {
  return {
    id: manifest.id ?? folder,
    name: manifest.name,
    description: manifest.description,
    author: manifest.author,
    category: manifest.category,
    tags: manifest.tags,
    icon: manifest.icon,
    plugin_path: folder,
    latest_version: manifest.version,
    last_updated: manifest.last_updated,
    verified: true,
  };
}

/** Reads every first-party plugin folder under `dir` (a missing folder is an empty source). */
export function scanBuiltin(dir: string): ParsedRegistry {
  const entries: RegistryEntry[] = [];
  const skipped: ParsedRegistry['skipped'] = [];
  const folders = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && isFirstParty(path.join(dir, d.name), d.name))
        .map((d) => d.name)
        .sort()
    : [];
  folders.forEach((folder, index) => {
    const file = path.join(dir, folder, 'manifest.json');
    if (!fs.existsSync(file)) return;
    const manifest = readManifest(file);
    if (manifest instanceof Error) {
      const problem = {
        field: 'manifest.json',
        expected: 'a JSON object',
        received: manifest.message,
        message: manifest.message,
      };
      return skipped.push({ index, id: folder, problems: [problem] });
    }
    const result = v.safeParse(entrySchema, asEntry(manifest, folder));
    if (!result.success) return skipped.push({ index, id: folder, problems: toProblems(result.issues) });
    const { version: _v, latest_version, ...rest } = result.output;
    entries.push({ ...rest, latest_version: latest_version ?? null, source: BUILTIN_SOURCE });
  });
  return { version: null, last_updated: null, entries, skipped };
}
