/**
 * Form fields (flat names, string values) as the nested settings they stand for, the way LEDMatrix
 * forms name them: `provider.name` is a nested key, `days[]` (or a repeated field) a list,
 * `accounts.0.name` an item of a list. A dotted name is matched greedily against keys that exist
 * (in the schema or the stored settings), so a key that itself holds a dot (`leagues."fifa.world"`)
 * is still found. Values stay strings here; ./input.ts types them.
 *
 * Names are bounded (MAX_FIELD_NAME characters, MAX_FIELD_PARTS parts) and read in one pass: the
 * known keys are looked up where the name has got to, and a run of parts is tried as one key only
 * where some known key there holds a dot, and no longer than the longest such key.
 */
import { AppError } from '../../platform/errors/app-error.ts';
import { clip } from '../../platform/text.ts';
import { isPlainObject } from '../plan/merge.ts';
import type { JsonObject } from '../types.ts';

/** Form fields as sent: a field given more than once is a list of its values, in order. */
export type FormFields = Record<string, string | string[]>;

export const MAX_FIELD_NAME = 256;
export const MAX_FIELD_PARTS = 32;

/** The keys known at one place of the settings (schema properties, stored keys) and the places below. */
export interface KeyScope {
  has(key: string): boolean;
  /** The most dot-separated parts any known key here spans (1 when no known key holds a dot). */
  readonly parts: number;
  child(key: string): KeyScope;
}

export const NO_KEYS: KeyScope = { has: () => false, parts: 1, child: () => NO_KEYS };

const partsCache = new WeakMap<object, number>();

/** The most parts any key of `holder` spans, computed once per object. */
export function keyParts(holder: unknown): number {
  if (!isPlainObject(holder)) return 1;
  let parts = partsCache.get(holder);
  if (parts === undefined) {
    parts = 1;
    for (const key of Object.keys(holder)) if (key.includes('.')) parts = Math.max(parts, key.split('.').length);
    partsCache.set(holder, parts);
  }
  return parts;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function tooLong(name: string, limit: 'field_name_length' | 'field_name_parts', max: number, received: number) {
  const what = limit === 'field_name_length' ? `${max} characters` : `${max} dot-separated parts`;
  return new AppError('INPUT_LIMIT_EXCEEDED', {
    message: `Form field name ${JSON.stringify(clip(name, 40))} is longer than ${what} (the limit)`,
    context: { limit, max, received },
  });
}

function splitName(name: string, root: KeyScope): string[] {
  if (name.length > MAX_FIELD_NAME) throw tooLong(name, 'field_name_length', MAX_FIELD_NAME, name.length);
  const parts = name.split('.');
  if (parts.length > MAX_FIELD_PARTS) throw tooLong(name, 'field_name_parts', MAX_FIELD_PARTS, parts.length);
  const out: string[] = [];
  let scope = root;
  for (let i = 0; i < parts.length;) {
    // The longest run of parts that names a known key wins; otherwise one part.
    let j = Math.min(parts.length, i + scope.parts);
    while (j > i + 1 && !scope.has(parts.slice(i, j).join('.'))) j -= 1;
    const key = parts.slice(i, j).join('.');
    out.push(key);
    i = j;
    // The keys below are looked up only when the name goes on: a plugin's schema is read for
    // `weather.city`, never for a top-level `city`.
    if (i < parts.length) scope = scope.child(key);
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

export function formTree(fields: FormFields, known: KeyScope): JsonObject {
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
