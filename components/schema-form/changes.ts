import { deepEqual, getIn, pathKey, setIn, type Path } from './paths.ts';
import { fieldKind, itemSchema, orderedKeys, type JsonSchema } from './schema.ts';

/** A typed secret (a new value) or `null` (remove the stored one). Absent: unchanged. */
export type SecretEdits = ReadonlyMap<string, string | null>;

export interface SaveValues {
  /** Only what changed: objects hold their changed keys, a changed array is sent whole, a removed value is `null`. */
  changes: Record<string, unknown>;
  /** The whole config without the secrets left untouched (the server keeps those). */
  config: Record<string, unknown>;
}

/** Every secret field in `value` (also in nested objects and rows of tables). */
export function secretPaths(schema: JsonSchema, value: unknown, path: Path = []): Path[] {
  const kind = fieldKind(schema);
  if (kind === 'secret') return [path];
  if (kind === 'object') {
    return orderedKeys(schema).flatMap((k) => secretPaths(schema.properties![k]!, getIn(value, [k]), [...path, k]));
  }
  if (kind === 'table' && Array.isArray(value)) {
    const item = itemSchema(schema);
    return value.flatMap((row, i) => secretPaths(item, row, [...path, i]));
  }
  return [];
}

const UNCHANGED = Symbol('unchanged');

function diff(schema: JsonSchema | undefined, before: unknown, after: unknown): unknown {
  const kind = schema ? fieldKind(schema) : undefined;
  if (kind === 'secret') return UNCHANGED;
  const objects = before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(after);
  if (!objects || Array.isArray(before)) {
    if (deepEqual(before, after)) return UNCHANGED;
    return after === undefined ? null : after;
  }
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  for (const key of keys) {
    const child = kind === 'object' ? schema!.properties?.[key] : undefined;
    const d = diff(child, (before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key]);
    if (d !== UNCHANGED) out[key] = d;
  }
  return Object.keys(out).length ? out : UNCHANGED;
}

/**
 * What a save sends. Untouched secrets are left out (inside a table row, where the row must stay
 * whole, they keep the server's mask, which it reads as "unchanged"); typed ones are included, and
 * cleared ones are `null`.
 */
export function saveValues(
  schema: JsonSchema,
  baseline: Record<string, unknown>,
  draft: Record<string, unknown>,
  edits: SecretEdits,
): SaveValues {
  let config = draft as unknown;
  const d = diff(schema, baseline, draft);
  let changes = (d === UNCHANGED ? {} : d) as unknown;
  for (const path of secretPaths(schema, draft)) {
    const key = pathKey(path);
    const inTable = path.some((p) => typeof p === 'number');
    if (edits.has(key)) config = setIn(config, path, edits.get(key));
    else if (!inTable) config = setIn(config, path, undefined);
    if (!edits.has(key)) continue;
    if (!inTable) {
      changes = setIn(changes, path, edits.get(key));
      continue;
    }
    const table = path.slice(
      0,
      path.findIndex((p) => typeof p === 'number'),
    );
    changes = setIn(changes, table, getIn(config, table));
  }
  return { changes: changes as Record<string, unknown>, config: config as Record<string, unknown> };
}
