import { ERRORS, type ErrorCode } from './catalogue.ts';

export interface AppErrorOptions {
  /** Replaces the catalogue's safe message; must itself be safe to show. */
  message?: string;
  details?: string;
  context?: Record<string, unknown>;
  fixes?: readonly string[];
  /** Overrides the catalogue's transient flag (e.g. a 4xx from upstream is terminal). */
  transient?: boolean;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The one error family: routes and core code throw these; the HTTP edge maps them to the envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: string;
  readonly context?: Record<string, unknown>;
  readonly fixes: readonly string[];
  readonly transient: boolean;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const entry = ERRORS[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.context = options.context;
    this.fixes = options.fixes ?? entry.fixes;
    this.transient = options.transient ?? entry.transient;
    this.headers = options.headers;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  get category() {
    return ERRORS[this.code].category;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * Whether a failure is worth retrying. Known errors say so themselves; an AbortError from a timeout
 * is transient; anything else (a TypeError, a bug) is not, so it is never retried in a loop.
 */
export function isTransient(e: unknown): boolean {
  if (isAppError(e)) return e.transient;
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return true;
  return false;
}
