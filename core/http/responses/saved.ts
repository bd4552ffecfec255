import type { Context } from 'hono';
import { ok } from '../envelope.ts';
import type { AppEnv } from '../types.ts';
import { operationResponse } from './operation.ts';
import type { SaveResult } from '../../config/change.ts';
import { maskSecrets } from '../../config/secrets/mask.ts';
import type { Saved } from '../../config/save.ts';

/**
 * The answer to a save: 200 with what it did (backup, files and sections changed, the operation's
 * id), or, when other work kept the queue busy past the wait, 202 with the operation to follow.
 */
export function savedResponse(
  c: Context<AppEnv>,
  saved: Saved,
  extra?: (result: SaveResult) => Record<string, unknown>,
): Response {
  if (!saved.finished)
    return operationResponse(
      c,
      { operation: saved.operation, finished: false },
      'Save queued; follow the operation for its result',
    );
  const { result } = saved;
  return ok(c, maskSecrets({ ...result, ...extra?.(result) }), { message: result.message });
}
