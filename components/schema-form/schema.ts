/**
 * Reading a plugin's `config_schema.json` (JSON Schema draft-07 with LEDMatrix's `x-` hints; both
 * `x-foo` and `x_foo` spellings count) into what the form draws for each property.
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  enumNames?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  [key: string]: unknown;
}

export const FIELD_KINDS = [
  'object',
  'text',
  'textarea',
  'number',
  'integer',
  'boolean',
  'enum',
  'color-rgb',
  'color-hex',
  'time',
  'secret',
  'list',
  'checkbox-group',
  'table',
  'unsupported',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** A schema extension by name, in either spelling: `ext(s, 'secret')` reads `x-secret` or `x_secret`. */
export function ext(schema: JsonSchema | undefined, name: string): unknown {
  return schema?.[`x-${name}`] ?? schema?.[`x_${name}`];
}

export function typeOf(schema: JsonSchema | undefined): string | undefined {
  const t = schema?.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  if (t) return t;
  if (schema?.properties) return 'object';
  if (schema?.enum?.length) return typeof schema.enum[0];
  return undefined;
}

export function itemSchema(schema: JsonSchema): JsonSchema {
  const items = schema.items;
  return (Array.isArray(items) ? items[0] : items) ?? {};
}

const TIME_PATTERN = /2\[0-3\]|\[01\]\??\[?0-9|\\d\{2\}:\\d\{2\}/;
const HEX_PATTERN = /#\(?\[[^\]]*a-f/i;

const isTime = (s: JsonSchema) =>
  s.format === 'time' ||
  ext(s, 'widget') === 'time-picker' ||
  (typeof s.pattern === 'string' && s.pattern.includes(':') && TIME_PATTERN.test(s.pattern));

const isHexColor = (s: JsonSchema) =>
  s.format === 'color' ||
  ext(s, 'widget') === 'color-picker' ||
  (typeof s.pattern === 'string' && HEX_PATTERN.test(s.pattern));

/** `[r, g, b]` as LEDMatrix stores colours: three integers 0–255. */
export function isRgbArray(s: JsonSchema): boolean {
  if (typeOf(s) !== 'array') return false;
  if (ext(s, 'widget') === 'color-picker') return true;
  const item = itemSchema(s);
  return s.minItems === 3 && s.maxItems === 3 && typeOf(item) === 'integer' && item.maximum === 255;
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);
const UNSUPPORTED_WIDGETS = new Set([
  'file-upload',
  'file-upload-single',
  'plugin-file-manager',
  'json-file-manager',
  'google-oauth',
  'google-calendar-picker',
]);

function arrayKind(s: JsonSchema): FieldKind {
  if (isRgbArray(s)) return 'color-rgb';
  const item = itemSchema(s);
  if (item.enum?.length) return 'checkbox-group';
  const t = typeOf(item);
  if (t === 'object') return 'table';
  return t && SCALARS.has(t) ? 'list' : 'unsupported';
}

/** What the form draws for a property. */
export function fieldKind(s: JsonSchema): FieldKind {
  if (UNSUPPORTED_WIDGETS.has(String(ext(s, 'widget')))) return 'unsupported';
  if (ext(s, 'secret') === true) return 'secret';
  const t = typeOf(s);
  if (s.enum?.length && t !== 'array') return 'enum';
  switch (t) {
    case 'object':
      return 'object';
    case 'array':
      return arrayKind(s);
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      if (isTime(s)) return 'time';
      if (isHexColor(s)) return 'color-hex';
      return ext(s, 'widget') === 'textarea' ? 'textarea' : 'text';
    default:
      return 'unsupported';
  }
}

/** The label: the schema's title, else the key in words (`update_interval` → "Update interval"). */
export function labelOf(key: string | number, s: JsonSchema): string {
  if (typeof s.title === 'string' && s.title.trim()) return s.title;
  const words = String(key).replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Display text of an enum value: `x-options.labels`, then `enumNames`, then the value itself. */
export function enumLabel(s: JsonSchema, value: unknown): string {
  const labels = (ext(s, 'options') as { labels?: Record<string, string> } | undefined)?.labels;
  const fromLabels = labels?.[String(value)];
  if (typeof fromLabels === 'string') return fromLabels;
  const i = s.enum?.indexOf(value) ?? -1;
  if (i >= 0 && s.enumNames?.[i]) return s.enumNames[i]!;
  return String(value);
}

export const isHidden = (s: JsonSchema) => ext(s, 'display') === 'hidden' || ext(s, 'hidden') === true;
export const isAdvanced = (s: JsonSchema) => ext(s, 'advanced') === true;

/** Property names in display order: `x-propertyOrder` first, then the rest as declared. */
export function orderedKeys(s: JsonSchema): string[] {
  const keys = Object.keys(s.properties ?? {});
  const order = ext(s, 'propertyOrder');
  if (!Array.isArray(order)) return keys;
  const first = order.filter((k): k is string => typeof k === 'string' && keys.includes(k));
  return [...first, ...keys.filter((k) => !first.includes(k))];
}

/** Columns of a table of objects: `x-columns` (on the array or its items) when given, else every visible property. */
export function tableColumns(array: JsonSchema): string[] {
  const item = itemSchema(array);
  const cols = ext(array, 'columns') ?? ext(item, 'columns');
  const keys = orderedKeys(item).filter((k) => !isHidden(item.properties![k]!));
  if (!Array.isArray(cols)) return keys;
  return cols.filter((c): c is string => typeof c === 'string' && keys.includes(c));
}
