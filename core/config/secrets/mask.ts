/**
 * What leaves the server instead of a secret, and what a returning mask means. A set secret reads
 * as SECRET_MASK (eight bullets, as LEDMatrix showed them), an unset one as "". On save, a value
 * equal to the mask — anywhere — or a blank value at a secret position means "unchanged": the
 * stored value is kept. `null` is not touched here: the merge turns it into "remove".
 *
 * Every response, event and operation result that can hold settings goes through `maskSecrets`.
 */
import { getPath, isPlainObject } from '../plan/merge.ts';
import { ITEMS, type SecretTree } from './tree.ts';
import type { JsonObject } from '../types.ts';

export const SECRET_MASK = '\u2022'.repeat(8);

/** Key names treated as secret where no schema says otherwise. */
export const SECRET_NAME =
  /password|passwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credential/i;

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Every value masked, shape kept (objects' keys, lists' lengths). */
export function maskAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskAll);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v)]));
  return isSet(value) ? SECRET_MASK : value === null ? null : '';
}

/** Masks the positions `tree` marks; with `fillUnset`, a declared secret that is absent reads as "". */
export function maskTree(value: unknown, tree: SecretTree | undefined, fillUnset = false): unknown {
  if (!tree) return value;
  if (tree === true) return maskAll(value);
  if (isPlainObject(value)) {
    const out: JsonObject = { ...value };
    for (const [key, sub] of Object.entries(tree)) {
      if (key === ITEMS) continue;
      if (key in value) out[key] = maskTree(value[key], sub, fillUnset);
      else if (fillUnset && sub === true) out[key] = '';
    }
    return out;
  }
  if (Array.isArray(value) && tree[ITEMS]) return value.map((item) => maskTree(item, tree[ITEMS], fillUnset));
  return value;
}

/**
 * Masks the text under a credential-like key name, at any depth and whatever a schema says: a
 * plugin may keep a `password` its schema forgot to mark. Only strings are masked: a credential is
 * text, while numbers and flags under such names are counts and switches (`max_tokens`,
 * `show_password`) a form must still show.
 */
export function maskByName(value: unknown, named = false): unknown {
  if (typeof value === 'string') return named && value !== '' ? SECRET_MASK : value;
  if (Array.isArray(value)) return value.map((v) => maskByName(v, named));
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) out[key] = maskByName(v, named || SECRET_NAME.test(key));
  return out;
}

/**
 * The one masking function for anything that leaves the server holding settings: the positions
 * `tree` marks (a schema's x-secret fields, what the secrets file holds; `true`: everything),
 * then every credential-like name. With `fillUnset`, a declared secret that is absent reads as "".
 */
export function maskSecrets(value: unknown, opts: { tree?: SecretTree; fillUnset?: boolean } = {}): unknown {
  return maskByName(maskTree(value, opts.tree, opts.fillUnset));
}

type Path = (string | number)[];
const OMIT = Symbol('omit');

/**
 * Replaces "unchanged" markers in an incoming value by the stored value at the same position
 * (`existing` is the stored, unmasked counterpart), or drops them when nothing is stored there.
 * Lists are replaced wholesale on merge, so a masked item field must be filled in, not dropped.
 */
export function resolveUnchanged(incoming: unknown, existing: unknown, isSecretAt: (path: Path) => boolean): unknown {
  const walk = (value: unknown, path: Path): unknown => {
    if (typeof value === 'string' && (value === SECRET_MASK || (value.trim() === '' && isSecretAt(path)))) {
      const stored = getPath(existing, path);
      return stored === undefined ? OMIT : stored;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i])).filter((v) => v !== OMIT);
    if (!isPlainObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      const r = walk(v, [...path, key]);
      if (r !== OMIT) out[key] = r;
    }
    return out;
  };
  const result = walk(incoming, []);
  return result === OMIT ? undefined : result;
}

/** Counts the secret values set in a value (for "N secret field(s) saved"). */
export function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countLeaves(v), 0);
  if (isPlainObject(value)) return Object.values(value).reduce<number>((n, v) => n + countLeaves(v), 0);
  return isSet(value) ? 1 : 0;
}
