import * as v from 'valibot';
import { RULES, type Limit, type Rule } from '../../shared/validation-rules.ts';
import { clip } from './text.ts';

/**
 * One problem with an input: where, what was expected, what came; and, when it broke a rule a form
 * can word (shared/validation-rules.ts), that rule and its limit, so the UI says it in the field's
 * own words ("Display duration must be at most 300").
 */
export interface Problem {
  field: string;
  expected: string;
  received: string;
  message: string;
  rule?: Rule;
  limit?: Limit;
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

const BY_TYPE: Readonly<Record<string, Rule>> = Object.freeze({
  min_value: RULES.min,
  max_value: RULES.max,
  gt_value: RULES.exclusiveMin,
  lt_value: RULES.exclusiveMax,
  multiple_of: RULES.multipleOf,
  regex: RULES.pattern,
  integer: RULES.type,
  url: RULES.format,
  email: RULES.format,
  picklist: RULES.oneOf,
});
const LIMIT_OF: Readonly<Record<string, Limit>> = Object.freeze({ integer: 'integer', url: 'uri', email: 'email' });
const TYPES = new Set(['number', 'string', 'boolean', 'object', 'array']);

/** `("a" | "b")` (a picklist's expectation) as its values. */
function listed(expected: string | null): unknown[] | undefined {
  try {
    return expected
      ? expected
          .replace(/^\(|\)$/g, '')
          .split(' | ')
          .map((x) => JSON.parse(x))
      : undefined;
  } catch {
    return undefined;
  }
}

/** The rule a valibot issue broke, with its limit; none for a custom check. */
export function ruleOf(issue: v.BaseIssue<unknown>): Pick<Problem, 'rule' | 'limit'> {
  const requirement = (issue as { requirement?: unknown }).requirement;
  if (issue.kind === 'schema' && issue.input === undefined && issue.path?.length) return { rule: RULES.required };
  if (issue.kind === 'schema' && TYPES.has(issue.type)) return { rule: RULES.type, limit: issue.type };
  if (issue.type === 'min_length' || issue.type === 'max_length') {
    const items = Array.isArray(issue.input);
    const rule =
      issue.type === 'min_length'
        ? items
          ? RULES.minItems
          : RULES.minLength
        : items
          ? RULES.maxItems
          : RULES.maxLength;
    return { rule, limit: requirement as number };
  }
  const rule = BY_TYPE[issue.type];
  if (!rule) return {};
  if (rule === RULES.oneOf) return { rule, limit: listed(issue.expected) };
  if (rule === RULES.pattern) return { rule, limit: String(requirement) };
  return { rule, limit: LIMIT_OF[issue.type] ?? (requirement as Limit) };
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
      ...ruleOf(issue),
    });
  }
  return out;
}

/** The first `MAX_PROBLEMS` problems, and how many there were (for `context`). */
export function boundedProblems<P>(problems: readonly P[]): { problems: P[]; problems_total?: number } {
  if (problems.length <= MAX_PROBLEMS) return { problems: [...problems] };
  return { problems: problems.slice(0, MAX_PROBLEMS), problems_total: problems.length };
}
