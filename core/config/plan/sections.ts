/**
 * Writing whole top-level sections back into the two files' layout: each new section value is
 * split by its secret tree, the regular part into config.json, the secret part into
 * config_secrets.json. Keys not updated keep their exact objects (and their place in the file).
 */
import { isPlainObject, jsonEqual } from './merge.ts';
import { splitSecrets } from '../secrets/split.ts';
import type { SecretTree } from '../secrets/tree.ts';
import type { ConfigState, JsonObject } from '../types.ts';

export interface NextFiles {
  main: JsonObject;
  secrets: JsonObject;
}

function put(base: JsonObject, copy: JsonObject | null, key: string, value: unknown): JsonObject | null {
  if (jsonEqual(base[key], value)) return copy;
  const out = copy ?? { ...base };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** `updates[key] === undefined` removes the section from both files. */
export function withSections(
  state: Pick<ConfigState, 'main' | 'secrets'>,
  updates: Record<string, unknown>,
  treeFor: (key: string) => SecretTree | undefined,
): NextFiles {
  let main: JsonObject | null = null;
  let secrets: JsonObject | null = null;
  for (const [key, value] of Object.entries(updates)) {
    const [regular, secret] = value === undefined ? [undefined, undefined] : splitSecrets(value, treeFor(key));
    // A section keeps its place in config.json even when all it holds is secret.
    main = put(state.main, main, key, regular === undefined && isPlainObject(value) ? {} : regular);
    secrets = put(state.secrets, secrets, key, secret);
  }
  return { main: main ?? state.main, secrets: secrets ?? state.secrets };
}
