/**
 * Where secrets sit inside a section, as a tree: `true` marks a secret value (a leaf, or a whole
 * object or list), an object maps keys to subtrees, and the key `[]` describes the items of a list
 * of objects (`accounts[].token`). Built from a plugin's JSON Schema (`x-secret: true`, also spelt
 * `x_secret`) and from whatever the secrets file already holds, so a value stored there stays there.
 */
import { isPlainObject } from '../plan/merge.ts';
import type { JsonObject } from '../types.ts';

export type SecretTree = true | { [key: string]: SecretTree };
export const ITEMS = '[]';

const isSecret = (s: JsonObject) => s['x-secret'] === true || s['x_secret'] === true;
const typeOf = (s: JsonObject) => (Array.isArray(s.type) ? s.type : [s.type]);

/** Secret positions declared by a JSON Schema; undefined when it declares none. */
export function treeFromSchema(schema: unknown, depth = 0): SecretTree | undefined {
  if (!isPlainObject(schema) || depth > 32) return undefined;
  if (isSecret(schema)) return true;
  const out: Record<string, SecretTree> = {};
  if (isPlainObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      const t = treeFromSchema(sub, depth + 1);
      if (t) out[key] = t;
    }
  }
  if (typeOf(schema).includes('array') || schema.items) {
    const items = treeFromSchema(schema.items, depth + 1);
    if (items === true) return true;
    if (items) out[ITEMS] = items;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Every value present in (a section of) the secrets file is secret. */
export function treeFromValue(value: unknown): SecretTree | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    if (!value.length || !value.every(isPlainObject)) return true;
    const items = value.map(treeFromValue).reduce<SecretTree | undefined>((a, b) => unionTrees(a, b), undefined);
    return items === true ? true : items ? { [ITEMS]: items } : undefined;
  }
  if (!isPlainObject(value)) return true;
  const out: Record<string, SecretTree> = {};
  for (const [key, sub] of Object.entries(value)) {
    const t = treeFromValue(sub);
    if (t) out[key] = t;
  }
  return Object.keys(out).length ? out : undefined;
}

export function unionTrees(a: SecretTree | undefined, b: SecretTree | undefined): SecretTree | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a === true || b === true) return true;
  const out: Record<string, SecretTree> = { ...a };
  for (const [key, sub] of Object.entries(b)) out[key] = unionTrees(out[key], sub)!;
  return out;
}

/** The subtree for one key of an object (or the item tree for an index of a list). */
export function subtree(tree: SecretTree | undefined, key: string | number): SecretTree | undefined {
  if (!tree || tree === true) return tree;
  return typeof key === 'number' ? tree[ITEMS] : tree[key];
}

/** Whether the value at `path` is secret under `tree`. */
export function isSecretPath(tree: SecretTree | undefined, path: readonly (string | number)[]): boolean {
  let node = tree;
  for (const key of path) {
    if (node === true) return true;
    node = subtree(node, key);
    if (!node) return false;
  }
  return node === true;
}
