/**
 * Moving secret values between the two files' layout: `splitSecrets` separates a section into the
 * part for config.json and the part for config_secrets.json (lists of objects become two parallel
 * lists, `{}` standing in for items without secrets); `overlaySecrets` puts them back together the
 * way LEDMatrix loaded them (objects merged, parallel lists by index with the config list's length
 * authoritative, anything else: the secrets file wins).
 */
import { isPlainObject } from '../plan/merge.ts';
import { ITEMS, type SecretTree } from './tree.ts';
import type { JsonObject } from '../types.ts';

const nonEmpty = (o: JsonObject) => Object.keys(o).length > 0;

export function splitSecrets(value: unknown, tree: SecretTree | undefined): [unknown, unknown] {
  if (!tree) return [value, undefined];
  if (tree === true) return [undefined, value];
  if (isPlainObject(value)) {
    const regular: JsonObject = {};
    const secret: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      const [r, s] = splitSecrets(v, tree[key]);
      if (r !== undefined) regular[key] = r;
      if (s !== undefined) secret[key] = s;
    }
    // An object whose every key moved to the secrets file is left out, not kept as `{}`.
    const emptied = !nonEmpty(regular) && nonEmpty(value);
    return [emptied ? undefined : regular, nonEmpty(secret) ? secret : undefined];
  }
  if (Array.isArray(value) && tree[ITEMS]) {
    const parts = value.map((item) => splitSecrets(item, tree[ITEMS]));
    const any = parts.some(([, s]) => s !== undefined);
    return [parts.map(([r]) => r ?? {}), any ? parts.map(([, s]) => s ?? {}) : undefined];
  }
  return [value, undefined];
}

export function overlaySecrets(regular: unknown, secret: unknown): unknown {
  if (secret === undefined) return regular;
  if (regular === undefined) return secret;
  if (isPlainObject(regular) && isPlainObject(secret)) {
    const out: JsonObject = { ...regular };
    for (const [key, v] of Object.entries(secret)) out[key] = overlaySecrets(regular[key], v);
    return out;
  }
  if (Array.isArray(regular) && Array.isArray(secret) && secret.every(isPlainObject)) {
    return regular.map((item, i) =>
      isPlainObject(item) && i < secret.length ? overlaySecrets(item, secret[i]) : item,
    );
  }
  return secret;
}
