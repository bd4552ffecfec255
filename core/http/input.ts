import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError } from '../platform/errors/app-error.ts';
import { refuseDeepJson } from '../platform/json-depth.ts';
import { boundedProblems, toProblems } from '../platform/validation.ts';
import type { FormFields, RouteDef } from './route.ts';
import type { AppEnv } from './types.ts';

type Where = 'params' | 'query' | 'body';

function refused(where: Where, issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): AppError {
  const problems = toProblems(issues).map((p) => ({ in: where, ...p }));
  const first = problems[0]!;
  return new AppError('VALIDATION_ERROR', {
    message: `Invalid ${where}: ${first.field === '(root)' ? where : first.field}: expected ${first.expected}, received ${first.received}`,
    context: boundedProblems(problems),
  });
}

/** Validates one part of the request; a failure lists every problem with its field path. */
export async function validatePart(
  where: Where,
  schema: v.GenericSchema | v.GenericSchemaAsync | undefined,
  value: unknown,
) {
  if (!schema) return value;
  const result = await v.safeParseAsync(schema, value);
  if (result.success) return result.output;
  throw refused(where, result.issues);
}

/** The same for a schema without async steps, answered without a promise. */
export function validatePartSync(where: Where, schema: v.GenericSchema, value: unknown): unknown {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw refused(where, result.issues);
}

/** Query string as an object: a repeated key becomes an array, a single one a string. */
export function readQuery(c: Context<AppEnv>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) out[key] = values.length === 1 ? values[0]! : values;
  return out;
}

/**
 * A form body's fields; a repeated field (`days[]=mon&days[]=tue`) keeps all its values, appended
 * in place (copying the list for each repeat would make a field sent 100,000 times quadratic).
 */
export function readForm(raw: string): FormFields {
  const out: FormFields = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // Assigning `__proto__` would replace the object's prototype, not add a field.
    if (key === '__proto__') continue;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** Whether the request's body is a form (for handlers whose forms need more than the fields). */
export const isFormRequest = (c: Context<AppEnv>) => isForm(c.req.header('content-type') ?? '');

const isJson = (type: string) => /^application\/([\w.+-]+\+)?json\b/i.test(type);
const isForm = (type: string) => /^application\/x-www-form-urlencoded\b/i.test(type);

/** JSON nested deeper than MAX_JSON_DEPTH is refused before it is parsed (see ../platform/json-depth.ts). */
export function parseJsonBody(raw: string): unknown {
  refuseDeepJson(raw, 'Request body');
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new AppError('INVALID_INPUT', {
      message: 'Request body must be valid JSON',
      details: (e as Error).message,
    });
  }
}

/**
 * Reads the body the route declares: JSON (malformed → 400 INVALID_INPUT, too deep → 400
 * INPUT_LIMIT_EXCEEDED), forms when the route allows them, anything else → 415. An empty body
 * reads as `undefined`, so optional bodies work when a client sends none.
 */
export async function readBody(c: Context<AppEnv>, route: RouteDef): Promise<unknown> {
  if (!route.body) return undefined;
  const type = c.req.header('content-type') ?? '';
  const raw = await c.req.text();
  if (raw.trim() === '') return undefined;
  if (isJson(type) || (type === '' && /^[\s]*[[{"]/.test(raw))) return parseJsonBody(raw);
  if (route.forms && isForm(type)) {
    const fields = readForm(raw);
    return typeof route.forms === 'function' ? route.forms(fields, c) : fields;
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: `Unsupported content type ${JSON.stringify(type || 'none')}; expected application/json${route.forms ? ' or a form' : ''}`,
    context: {
      received: type || null,
      expected: route.forms ? ['application/json', 'application/x-www-form-urlencoded'] : ['application/json'],
    },
  });
}
