/**
 * Settings sent as a form, typed: a form carries every value as a string, so each is read as the
 * type its place expects — the plugin's JSON Schema for plugin settings, the stored (or default)
 * value's type for Marquee's own sections. A value that does not read as that type is passed on as
 * it came, so validation rejects it naming the field, the expectation and what was received.
 */
import { formTree, keyParts, type FormFields, type KeyScope } from './tree.ts';
import { refuseDeepJson } from '../../platform/json-depth.ts';
import { getPath, isPlainObject } from '../plan/merge.ts';
import type { ConfigService } from '../service.ts';
import type { JsonObject } from '../types.ts';

const TRUE = /^(true|on|yes|1)$/i;
const FALSE = /^(false|off|no|0)$/i;
// Each digit can be matched one way only, so a long run of digits cannot make it backtrack.
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const OMIT = Symbol('omit');

type Schema = JsonObject | undefined;
const typesOf = (s: Schema): unknown[] => (!s ? [] : Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const items = (s: Schema): Schema => (s && isPlainObject(s.items) ? s.items : undefined);
const property = (s: Schema, key: string): Schema => {
  const props = s && isPlainObject(s.properties) ? s.properties : undefined;
  return props && isPlainObject(props[key]) ? (props[key] as JsonObject) : undefined;
};

function parseJsonOr(text: string): unknown {
  refuseDeepJson(text, 'A form value');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One string read as the schema's type; `reference` (a stored value) stands in when the schema says nothing. */
function readText(text: string, s: Schema, reference: unknown): unknown {
  const types = typesOf(s);
  if (!types.length) return readLike(text, reference);
  const t = text.trim();
  if (t === '' && types.includes('null')) return null;
  if (types.includes('boolean') && (TRUE.test(t) || FALSE.test(t))) return TRUE.test(t);
  if (types.includes('integer') || types.includes('number')) {
    // A cleared number field means its default, or "leave it" when there is none.
    if (t === '') return s && 'default' in s ? s.default : OMIT;
    if (NUMERIC.test(t)) return Number(t);
  }
  if (types.includes('array')) {
    if (t.startsWith('[')) return parseJsonOr(t);
    return t === '' ? [] : t.split(',').map((part) => read(part.trim(), items(s), undefined));
  }
  if (types.includes('object') && t.startsWith('{')) return parseJsonOr(t);
  return text;
}

/** Without a schema: the type of the value stored there; for a new key, the obvious reading. */
function readLike(text: string, reference: unknown): unknown {
  const t = text.trim();
  if (typeof reference === 'boolean') return TRUE.test(t) ? true : FALSE.test(t) ? false : text;
  if (typeof reference === 'number') return NUMERIC.test(t) ? Number(t) : text;
  if (typeof reference === 'string') return text;
  if (Array.isArray(reference) && !t.startsWith('['))
    return t === '' ? [] : t.split(',').map((part) => readLike(part, reference[0]));
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (NUMERIC.test(t)) return Number(t);
  if (t.startsWith('[') || t.startsWith('{')) return parseJsonOr(t);
  return text;
}

/** A form value (string, list of strings, or nested fields) read against schema and stored value. */
function read(value: unknown, s: Schema, reference: unknown): unknown {
  if (typeof value === 'string') return readText(value, s, reference);
  if (Array.isArray(value)) {
    const wantsList = typesOf(s).includes('array') || (!s && (Array.isArray(reference) || reference === undefined));
    // A field sent twice for one value (a hidden "false" before its checkbox): the last one counts.
    if (!wantsList) return read(value[value.length - 1] ?? '', s, reference);
    const ref = Array.isArray(reference) ? reference : [];
    return value.map((v, i) => read(v, items(s), ref[i] ?? ref[0])).filter((v) => v !== OMIT);
  }
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const r = read(v, property(s, key), isPlainObject(reference) ? reference[key] : undefined);
    if (r !== OMIT) out[key] = r;
  }
  return out;
}

/**
 * An unticked checkbox sends nothing, so a boolean the schema declares and the form left out is
 * false (LEDMatrix's rule) — at any depth, except the top-level `enabled`. A nested group whose
 * only fields are checkboxes sends nothing at all when every one is unticked, so declared objects
 * the form left out are walked too (`leagues.nfl.enabled` unticked is saved as false).
 */
function uncheckedBooleans(tree: JsonObject, s: Schema, top: boolean): void {
  const props = s && isPlainObject(s.properties) ? s.properties : {};
  for (const [key, sub] of Object.entries(props)) {
    if (!isPlainObject(sub)) continue;
    const value = tree[key];
    if (value === undefined && typesOf(sub).includes('boolean') && !(top && key === 'enabled')) tree[key] = false;
    else if (value === undefined && isPlainObject(sub.properties)) {
      const group: JsonObject = {};
      uncheckedBooleans(group, sub, false);
      if (Object.keys(group).length) tree[key] = group;
    } else if (isPlainObject(value)) uncheckedBooleans(value, sub, false);
    else if (Array.isArray(value))
      for (const item of value) if (isPlainObject(item)) uncheckedBooleans(item, items(sub), false);
  }
}

/** The keys a plugin's schema (at `s`) and its stored settings (at `stored`) know, from one place down. */
function knownIn(s: Schema, stored: unknown): KeyScope {
  const props = s && isPlainObject(s.properties) ? s.properties : undefined;
  return {
    has: (key) =>
      (props !== undefined && Object.hasOwn(props, key) && isPlainObject(props[key])) ||
      (isPlainObject(stored) && Object.hasOwn(stored, key)),
    parts: Math.max(keyParts(props), keyParts(stored)),
    child: (key) => knownIn(/^\d+$/.test(key) ? items(s) : property(s, key), getPath(stored, [key])),
  };
}

/** A plugin's settings form (`POST /plugins/config` as a form) as the settings it stands for. */
export function pluginConfigFromForm(config: ConfigService, id: string, fields: FormFields): JsonObject {
  const schema = config.views.schema(id);
  const stored = config.state().main[id];
  const tree = formTree(fields, knownIn(schema, stored));
  const typed = read(tree, schema, stored) as JsonObject;
  uncheckedBooleans(typed, schema, true);
  return typed;
}

/** The settings form of `POST /config/main`: plugin sections typed by their schema, the rest by what is stored. */
export function mainPatchFromForm(config: ConfigService, fields: FormFields): JsonObject {
  const main = config.state().main;
  // One schema lookup per top-level key, however many fields name it.
  const schemas = new Map<string, Schema>();
  const schemaOf = (key: string): Schema => {
    if (!schemas.has(key)) schemas.set(key, config.isKnownPlugin(key) ? config.views.schema(key) : undefined);
    return schemas.get(key);
  };
  const known: KeyScope = {
    has: (key) => Object.hasOwn(main, key),
    parts: keyParts(main),
    child: (key) => knownIn(schemaOf(key), main[key]),
  };
  const tree = formTree(fields, known);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(tree)) {
    // A plugin's settings are an object: a top-level field with a plain value needs no schema.
    const r = read(value, isPlainObject(value) ? schemaOf(key) : undefined, main[key]);
    if (r !== OMIT) out[key] = r;
  }
  return out;
}
