/** JSON data: what operation params and results are made of (never functions, dates or class instances). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Serialises plain data with object keys sorted, so two requests with the same meaning produce the
 * same text (the queue compares params as text to coalesce duplicates). Anything that is not plain
 * JSON data is a programming error and throws a TypeError naming where it was found: params are
 * data, so a callback or a Date slipping in must fail loudly rather than be silently dropped.
 */
export function canonicalJson(value: unknown, where = 'params'): string {
  return JSON.stringify(toCanonical(value, where, 0));
}

function toCanonical(value: unknown, where: string, depth: number): JsonValue {
  if (depth > 32) throw new TypeError(`${where} is nested too deeply`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${where} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toCanonical(v, `${where}[${i}]`, depth + 1));
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = toCanonical(v, `${where}.${key}`, depth + 1);
    }
    return out;
  }
  throw new TypeError(`${where} is not JSON data (got ${value === undefined ? 'undefined' : typeof value})`);
}

export const parseJson = (text: string | null): JsonValue | null => (text === null ? null : JSON.parse(text));
