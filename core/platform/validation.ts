import * as v from 'valibot';

/** One problem with an input: where, what was expected, what came. */
export interface Problem {
  field: string;
  expected: string;
  received: string;
  message: string;
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
    });
  }
  return out;
}
