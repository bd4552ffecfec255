import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';

/**
 * A check of a request before anything runs: it throws the AppError the request is refused with.
 * The checks are plain functions the request pipeline calls in turn (../pipeline.ts), not a
 * middleware each: every middleware layer costs a promise and a closure per request.
 */
export type RequestCheck = (c: Context<AppEnv>) => void;
