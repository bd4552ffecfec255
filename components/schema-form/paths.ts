/** A place in a config value: object keys and array indexes, e.g. `['feeds', 0, 'url']`. */
export type Path = ReadonlyArray<string | number>;

/** The dotted form the server uses in `context.problems[].field`: `feeds.0.url`. */
export const pathKey = (path: Path): string => path.join('.');

/**
 * A field path as any validator may spell it, in the dotted form: `feeds.0.url`, `feeds[0].url`,
 * `/feeds/0/url` (JSON Pointer) and `#/feeds/0/url` all become `feeds.0.url`.
 */
export function normalizeField(field: string): string {
  let f = field.trim();
  if (f.startsWith('#')) f = f.slice(1);
  if (f.startsWith('/')) {
    return f
      .slice(1)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
  }
  return f.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export function getIn(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/**
 * A copy of `value` with `path` set (structure shared elsewhere). `undefined` removes an object key;
 * missing containers are created as arrays for numeric keys and objects otherwise.
 */
export function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (!path.length) return next;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : value && typeof value === 'object'
      ? { ...(value as Record<string, unknown>) }
      : typeof key === 'number'
        ? []
        : {};
  const child = setIn((container as Record<string | number, unknown>)[key], rest, next);
  if (child === undefined && !Array.isArray(container)) delete (container as Record<string, unknown>)[key];
  else (container as Record<string | number, unknown>)[key] = child;
  return container;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
