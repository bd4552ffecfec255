import fs from 'node:fs';
import path from 'node:path';
import { depthExceededAt, MAX_JSON_DEPTH } from '../platform/json-depth.ts';

export type Json = Record<string, unknown>;

export const CONFIG_FILE = 'config.json';
export const SECRETS_FILE = 'config_secrets.json';

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reads a JSON object file; a missing file is `{}`, an unreadable one is reported and treated as `{}`. */
export function readJsonObject(file: string): { value: Json; error: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { value: {}, error: code === 'ENOENT' ? null : `cannot read ${path.basename(file)}: ${code}` };
  }
  // A hand-edited file nested past the limit would overflow the recursive merge below.
  if (depthExceededAt(text) >= 0)
    return { value: {}, error: `${path.basename(file)} is nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value)
      ? { value, error: null }
      : { value: {}, error: `${path.basename(file)} is not a JSON object` };
  } catch (e) {
    return { value: {}, error: `${path.basename(file)} is not valid JSON: ${(e as Error).message}` };
  }
}

/** `secrets` laid over `base`, objects merged key by key (LEDMatrix's layout: same shape in both files). */
export function deepMerge(base: Json, secrets: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(secrets))
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  return out;
}

export const section = (config: Json, key: string): Json => (isObject(config[key]) ? (config[key] as Json) : {});
