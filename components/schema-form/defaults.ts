import { secretPaths } from './changes.ts';
import { clone, getIn, setIn } from './paths.ts';
import { fieldKind, itemSchema, orderedKeys, type JsonSchema } from './schema.ts';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The default value a schema describes: `default` where given; objects collect their properties'
 * defaults; arrays without a default start empty, or with one item when `items.default` is given.
 */
export function defaultsOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return clone(schema.default);
  const kind = fieldKind(schema);
  if (kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of orderedKeys(schema)) {
      const value = defaultsOf(schema.properties![key]!);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (kind === 'list' || kind === 'table' || kind === 'checkbox-group') {
    const item = itemSchema(schema);
    return item.default !== undefined ? [clone(item.default)] : [];
  }
  return undefined;
}

/**
 * `value` with every missing or null property filled from the schema's defaults, at any depth of
 * nested objects. Values the user set (arrays included) are kept as they are; unknown keys stay.
 */
export function withDefaults(schema: JsonSchema, value: unknown): unknown {
  if (value === undefined || value === null) return defaultsOf(schema);
  if (fieldKind(schema) !== 'object' || !isObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const key of orderedKeys(schema)) {
    const filled = withDefaults(schema.properties![key]!, value[key]);
    if (filled !== undefined) out[key] = filled;
  }
  return out;
}

/**
 * The schema's defaults, except for `kept` keys and secrets, which keep their stored value (a
 * secret's is the server's mask, which reads as unchanged).
 */
export function resetValue(
  schema: JsonSchema,
  stored: Record<string, unknown>,
  kept: readonly string[],
): Record<string, unknown> {
  let next = withDefaults(schema, defaultsOf(schema)) as Record<string, unknown>;
  for (const key of kept) if (key in stored) next = { ...next, [key]: stored[key] };
  for (const path of secretPaths(schema, stored))
    if (!path.some((p) => typeof p === 'number')) next = setIn(next, path, getIn(stored, path)) as typeof next;
  return next;
}
