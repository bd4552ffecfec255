import * as v from 'valibot';
import { clip } from './text.ts';

/** One problem with an input: where, what was expected, what came. */
export interface Problem {
  field: string;
  expected: string;
  received: string;
  message: string;
}

/** Longest text of a problem quoted back: an input can be a megabyte, its echo never is. */
export const MAX_QUOTE = 80;
const MAX_TEXT = 200;
/** Problems listed in one answer; the count says how many there were in all. */
export const MAX_PROBLEMS = 100;

/**
 * A short JSON-like preview of a value, built only as far as `max` characters: a long string is
 * cut before it is quoted and a large object is never serialised whole.
 */
export function preview(value: unknown, max = MAX_QUOTE): string {
  if (value === undefined) return 'nothing';
  const parts: string[] = [];
  let length = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const walk = (x: unknown, depth: number): void => {
    if (length > max) return;
    if (typeof x === 'string') return push(JSON.stringify(x.slice(0, max + 1)));
    if (x === null || typeof x !== 'object') return push(String(x));
    if (depth > 16) return push(Array.isArray(x) ? '[…]' : '{…}');
    const list = Array.isArray(x);
    // Index by index (a list) or key by key, stopping once the preview is long enough.
    const keys = list ? null : Object.keys(x);
    const count = list ? x.length : keys!.length;
    push(list ? '[' : '{');
    for (let i = 0; i < count && length <= max; i++) {
      if (i) push(',');
      if (list) walk((x as unknown[])[i], depth + 1);
      else {
        push(`${JSON.stringify(keys![i]!.slice(0, max + 1))}:`);
        walk((x as Record<string, unknown>)[keys![i]!], depth + 1);
      }
    }
    push(list ? ']' : '}');
  };
  walk(value, 0);
  return clip(parts.join(''), max);
}

export function fieldPath(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((p) => String((p as { key: unknown }).key)) ?? [];
  return keys.length ? clip(keys.join('.'), MAX_TEXT) : '(root)';
}

/**
 * Flattens valibot issues (including nested ones) into problems that name the field path. Texts
 * are bounded: valibot's own messages quote the whole value received.
 */
export function toProblems(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.issues?.length && issue.type !== 'union' && issue.type !== 'variant') {
      out.push(...toProblems(issue.issues));
      continue;
    }
    out.push({
      field: fieldPath(issue),
      expected: clip(issue.expected ?? issue.message, MAX_TEXT),
      received: issue.path?.length ? preview(issue.input) : clip(issue.received ?? preview(issue.input), MAX_QUOTE),
      message: clip(issue.message, MAX_TEXT),
    });
  }
  return out;
}

/** The first `MAX_PROBLEMS` problems, and how many there were (for `context`). */
export function boundedProblems<P>(problems: readonly P[]): { problems: P[]; problems_total?: number } {
  if (problems.length <= MAX_PROBLEMS) return { problems: [...problems] };
  return { problems: problems.slice(0, MAX_PROBLEMS), problems_total: problems.length };
}
