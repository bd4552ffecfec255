/** One problem with an input, as the server's VALIDATION_ERROR lists them in `context.problems`. */
export interface Problem {
  in?: string;
  field: string;
  expected?: string;
  received?: string;
  message: string;
  /** The rule broken (shared/validation-rules.ts) and its limit, when the checker named one. */
  rule?: string;
  limit?: unknown;
}

export interface ApiErrorInit {
  code: string;
  message: string;
  status: number;
  category?: string;
  details?: string;
  context?: Record<string, unknown>;
  fixes?: readonly string[];
  requestId?: string;
  method?: string;
  path?: string;
}

const isProblem = (p: unknown): p is Problem =>
  !!p &&
  typeof p === 'object' &&
  typeof (p as Problem).field === 'string' &&
  typeof (p as Problem).message === 'string';

/**
 * An error answered by the API (the envelope's `error_code`, `message`, `context`,
 * `suggested_fixes`), or one the client met on the way (no answer, an answer that is not the
 * envelope). Views show it with `<mq-error>`; nothing is swallowed.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly category?: string;
  readonly details?: string;
  readonly context: Record<string, unknown>;
  readonly fixes: readonly string[];
  readonly requestId?: string;
  readonly method?: string;
  readonly path?: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.category = init.category;
    this.details = init.details;
    this.context = init.context ?? {};
    this.fixes = init.fixes ?? [];
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }

  /** Field-level problems (`context.problems`), if the server listed any. */
  get problems(): Problem[] {
    const list = this.context.problems;
    return Array.isArray(list) ? list.filter(isProblem) : [];
  }

  /** Everything a person reporting the problem would need, as pretty JSON. */
  toDetails(): string {
    return JSON.stringify(
      {
        error_code: this.code,
        message: this.message,
        http_status: this.status,
        request: this.method && this.path ? `${this.method} ${this.path}` : undefined,
        request_id: this.requestId,
        details: this.details,
        context: Object.keys(this.context).length ? this.context : undefined,
        suggested_fixes: this.fixes.length ? this.fixes : undefined,
      },
      null,
      2,
    );
  }
}

/** Any thrown value as an ApiError, so views render every failure the same way. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  // One made by another copy of this module (another bundle, a frame) keeps everything it carries.
  if (e instanceof Error && e.name === 'ApiError' && typeof (e as ApiError).code === 'string') {
    return new ApiError({ ...(e as ApiError), message: e.message });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError({ code: 'CLIENT_ERROR', message: message || 'Something went wrong in the page', status: 0 });
}
