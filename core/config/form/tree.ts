/**
 * Form fields (flat names, string values) as the nested settings they stand for, the way LEDMatrix
 * forms name them: `provider.name` is a nested key, `days[]` (or a repeated field) a list,
 * `accounts.0.name` an item of a list. A dotted name is matched greedily against keys that exist
 * (in the schema or the stored settings), so a key that itself holds a dot (`leagues."fifa.world"`)
 * is still found. Values stay strings here; ./form-input.ts types them.
 */
import { isPlainObject } from '../plan/merge.ts';
import type { JsonObject } from '../types.ts';

/** Form fields as sent: a field given more than once is a list of its values, in order. */
export type FormFields = Record<string, string | string[]>;

/** Whether `key` is a known key of the object at `path` (schema property or stored key). */
export type KnownKey = (path: readonly string[], key: string) => boolean;

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function splitName(name: string, known: KnownKey): string[] {
  const parts = name.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length;) {
    let j = parts.length;
    // The longest run of parts that names a known key wins; otherwise one part.
    while (j > i + 1 && !known(out, parts.slice(i, j).join('.'))) j -= 1;
    out.push(parts.slice(i, j).join('.'));
    i = j;
  }
  return out;
}

/** An object whose keys are all list indexes (0, 1, ...) is the list it spells. */
function listsFromIndexes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(listsFromIndexes);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((k) => [k, listsFromIndexes(value[k])] as const);
  if (keys.length && keys.every((k) => /^\d+$/.test(k) && Number(k) < 10_000))
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
  return Object.fromEntries(entries);
}

export function formTree(fields: FormFields, known: KnownKey): JsonObject {
  const root: JsonObject = {};
  for (const [rawName, rawValue] of Object.entries(fields)) {
    const isList = rawName.endsWith('[]');
    const name = isList ? rawName.slice(0, -2) : rawName;
    const path = splitName(name, known);
    if (!name || path.some((k) => k === '' || FORBIDDEN.has(k))) continue;
    // A list field carries an empty entry so an empty list can be sent at all; it is not an item.
    const value = isList ? [rawValue].flat().filter((v) => v !== '') : rawValue;
    let node = root;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    }
    node[path[path.length - 1]!] = value;
  }
  return Object.fromEntries(Object.entries(root).map(([k, v]) => [k, listsFromIndexes(v)]));
}
