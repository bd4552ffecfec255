/**
 * The settings a preview is drawn with: the defaults of the plugin's config schema, nothing the
 * user saved and no secret. A plugin that needs a value with no default cannot be previewed, and
 * one whose missing value is a secret (an API key) needs an account.
 */
import fs from 'node:fs';
import path from 'node:path';

type Schema = { properties?: Record<string, Schema>; required?: unknown; default?: unknown; [k: string]: unknown };

export interface PreviewSettings {
  config: Record<string, unknown>;
  /** Why the plugin cannot be drawn with defaults alone, or null. */
  blocked: string | null;
}

function readSchema(dir: string, manifest: Record<string, unknown>): Schema {
  const rel = typeof manifest.config_schema === 'string' ? manifest.config_schema : 'config_schema.json';
  const file = path.resolve(dir, rel);
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file)) return {};
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  return parsed && typeof parsed === 'object' ? (parsed as Schema) : {};
}

/** Each property's default, objects filled in depth; `missing` collects required ones without one. */
function fill(schema: Schema, at: string, missing: Array<{ field: string; secret: boolean }>) {
  const out: Record<string, unknown> = {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (!prop || typeof prop !== 'object') continue;
    const field = at ? `${at}.${key}` : key;
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
    else if (prop.properties) out[key] = fill(prop, field, missing);
    else if (required.includes(key) && key !== 'enabled') missing.push({ field, secret: prop['x-secret'] === true });
  }
  return out;
}

export function previewSettings(dir: string, manifest: Record<string, unknown>): PreviewSettings {
  const missing: Array<{ field: string; secret: boolean }> = [];
  const config = fill(readSchema(dir, manifest), '', missing);
  if (missing.some((m) => m.secret)) return { config, blocked: 'needs an account' };
  if (missing.length) return { config, blocked: `needs settings first: ${missing.map((m) => m.field).join(', ')}` };
  return { config, blocked: null };
}
