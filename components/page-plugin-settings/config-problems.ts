import type { Problem } from '../lib/api-error.ts';

/** The body field the config travels in; the server's problem paths start with it. */
const BODY_FIELD = 'config';

/** Problems of a save, with paths relative to the plugin's config (`config.location.city` → `location.city`). */
export function configProblems(problems: Problem[]): Problem[] {
  return problems.map((p) =>
    p.field === BODY_FIELD || p.field.startsWith(`${BODY_FIELD}.`)
      ? { ...p, field: p.field.slice(BODY_FIELD.length + 1) || '(root)' }
      : p,
  );
}
