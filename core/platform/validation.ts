import * as v from 'valibot';
import { RULES, type Limit, type Rule } from '../../shared/validation-rules.ts';

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

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return String(value);
  }
};

export function fieldPath(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((p) => String((p as { key: unknown }).key)) ?? [];
  return keys.length ? keys.join('.') : '(root)';
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

/** Flattens valibot issues (including nested ones) into problems that name the field path. */
export function toProblems(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.issues?.length && issue.type !== 'union' && issue.type !== 'variant') {
      out.push(...toProblems(issue.issues));
      continue;
    }
    out.push({
      field: fieldPath(issue),
      expected: issue.expected ?? issue.message,
      received: issue.path?.length ? show(issue.input) : (issue.received ?? show(issue.input)),
      message: issue.message,
      ...ruleOf(issue),
    });
  }
  return out;
}
