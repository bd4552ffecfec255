/**
 * How the lifecycle endpoints answer an operation they enqueued: still running after the wait →
 * 202 with its id and Location; completed → 200 with the operation (its result and message);
 * failed or cancelled → the operation's own error, so a client sees the same status and code it
 * would have seen had the work run inside the request.
 */
import type { Context } from 'hono';
import { AppError } from '../../platform/errors/app-error.ts';
import { ERRORS, type ErrorCode } from '../../platform/errors/catalogue.ts';
import type { AppEnv } from '../types.ts';
import { operationResponse } from './operation.ts';
import type { WaitResult } from '../../queue/types.ts';

const isCode = (code: string | null): code is ErrorCode => code !== null && Object.hasOwn(ERRORS, code);

export function operationError(r: WaitResult): AppError | null {
  const op = r.operation;
  if (!r.finished || op.status === 'completed') return null;
  const context = { operation_id: op.id, plugin_id: op.key, operation_type: op.kind };
  if (op.status === 'cancelled')
    return new AppError('OPERATION_CANCELLED', { message: op.message ?? undefined, context });
  return new AppError(isCode(op.errorCode) ? op.errorCode : 'UNKNOWN_ERROR', {
    message: op.errorMessage ?? undefined,
    context,
  });
}

export function lifecycleResponse(c: Context<AppEnv>, r: WaitResult, queued: string): Response {
  const failure = operationError(r);
  if (failure) throw failure;
  return operationResponse(c, r, r.finished ? undefined : queued);
}
