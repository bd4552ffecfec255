/**
 * Hono's RegExpRouter, its fastest (a static path is one map look-up), refuses a literal segment
 * and a parameter at the same place below one path, `/operation/history` beside `/operation/:id`:
 * it compiles every route into one regular expression and cannot rank the two. Rather than fall
 * back to a slower router for every request, such a literal route is registered under the
 * parameter's pattern and answered when the parameter is that literal; the public paths stay.
 */

export interface Registration {
  /** The pattern the route is registered under. */
  path: string;
  /** For a literal route moved under a parameter: the parameter and the value that selects it. */
  literal?: { param: string; value: string };
}

const isParam = (segment: string) => segment.startsWith(':');

/** The first parameter found at `i` below the same segments as `segments`, in any of `others`. */
function paramBeside(segments: string[], i: number, others: string[][]): string | undefined {
  for (const o of others) {
    if (o.length <= i || !isParam(o[i]!)) continue;
    if (segments.slice(0, i).every((s, j) => s === o[j])) return o[i];
  }
  return undefined;
}

/** How each of `paths` is registered: as itself, or under a parameter beside one of its segments. */
export function registrations(paths: readonly string[]): Map<string, Registration> {
  const split = paths.map((p) => p.split('/'));
  const out = new Map<string, Registration>();
  paths.forEach((path, k) => {
    const segments = split[k]!;
    const others = split.filter((_, j) => j !== k);
    for (let i = 1; i < segments.length; i++) {
      if (isParam(segments[i]!)) continue;
      const param = paramBeside(segments, i, others);
      if (!param) continue;
      const under = [...segments.slice(0, i), param, ...segments.slice(i + 1)].join('/');
      out.set(path, { path: under, literal: { param: param.slice(1), value: segments[i]! } });
      return;
    }
    out.set(path, { path });
  });
  return out;
}
