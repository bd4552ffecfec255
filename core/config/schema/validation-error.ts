import { AppError } from '../../platform/errors/app-error.ts';
import { boundedProblems, type Problem } from '../../platform/validation.ts';

/** A rejected save: 400 CONFIG_VALIDATION_FAILED listing every field with expectation and received value. */
export function configInvalid(problems: Problem[], context: Record<string, unknown> = {}): AppError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError('CONFIG_VALIDATION_FAILED', {
    message: `Invalid configuration: ${first.field}: expected ${first.expected}, received ${first.received}${more}`,
    details: boundedProblems(problems)
      .problems.map((p) => p.message)
      .join('; '),
    context: { ...context, ...boundedProblems(problems.map((p) => ({ in: 'body', ...p }))) },
  });
}
