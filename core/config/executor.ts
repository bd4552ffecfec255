/**
 * The `configure` operation's executor, shaped for the operation queue's registry:
 * `(deps, params, signal) => result`. The params are a ConfigChange (data); the result is a
 * SaveResult, which holds no setting values. The queue serialises per key (keyOf), so this
 * applies the change directly.
 */
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { toProblems } from '../validation/issues.ts';
import { configChangeSchema, type SaveResult } from './change.ts';

export const CONFIGURE_KIND = 'configure' as const;

export async function configureExecutor(
  deps: Pick<Deps, 'config'>,
  params: unknown,
  signal: AbortSignal,
): Promise<SaveResult> {
  const parsed = v.safeParse(configChangeSchema, params);
  if (!parsed.success)
    throw new AppError('VALIDATION_ERROR', {
      message: 'Invalid configure operation parameters',
      context: { problems: toProblems(parsed.issues) },
    });
  return deps.config.apply(parsed.output, signal);
}
