import { createRequire } from 'node:module';
import type * as v from 'valibot';
import { ERRORS, type ErrorCode } from '../platform/errors/catalogue.ts';
import type { RouteTable } from './file-routes.ts';
import type { RouteDef } from './route.ts';

type Json = Record<string, unknown>;

// Loaded when the document is first built (a rare request), not with every web process start.
const load = createRequire(import.meta.url);

function schemaOf(s: v.GenericSchema | v.GenericSchemaAsync | undefined): Json | undefined {
  if (!s) return undefined;
  const { toJsonSchema } = load('@valibot/to-json-schema') as typeof import('@valibot/to-json-schema');
  return toJsonSchema(s as v.GenericSchema, { target: 'openapi-3.0', errorMode: 'ignore', typeMode: 'input' }) as Json;
}

const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/** Error codes any route can answer with, by what the route accepts. */
function commonErrors(def: RouteDef, method: string): ErrorCode[] {
  const codes: ErrorCode[] = ['UNKNOWN_ERROR', 'MISDIRECTED_REQUEST'];
  if (def.params || def.query || def.body) codes.push('VALIDATION_ERROR');
  if (def.body) codes.push('INVALID_INPUT', 'INPUT_LIMIT_EXCEEDED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE');
  if (method !== 'GET') codes.push('SERVICE_UNAVAILABLE', 'CROSS_SITE_REQUEST');
  if (!def.public) codes.push('AUTH_REQUIRED');
  return codes;
}

function parameters(def: RouteDef): Json[] {
  const out: Json[] = [];
  for (const where of ['params', 'query'] as const) {
    const schema = schemaOf(def[where]);
    const props = (schema?.properties ?? {}) as Record<string, Json>;
    const required = new Set((schema?.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      out.push({
        name,
        in: where === 'params' ? 'path' : 'query',
        required: where === 'params' || required.has(name),
        schema: prop,
      });
    }
  }
  return out;
}

function operation(def: RouteDef, method: string): Json {
  const responses: Json = {};
  for (const [status, spec] of Object.entries(def.responses)) {
    const data = schemaOf(spec.data);
    const json = {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Success' },
            ...(data ? [{ type: 'object', properties: { data } }] : []),
          ],
        },
      },
    };
    // A route answering another type may also answer JSON when asked (it then declares `data`).
    const content = spec.contentType ? { [spec.contentType]: {}, ...(data ? json : {}) } : json;
    responses[status] = { description: spec.description, content };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...commonErrors(def, method), ...(def.errors ?? [])])) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] ??= {
      description: codes.join(', '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const body = schemaOf(def.body);
  return {
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    ...(def.tags ? { tags: def.tags } : {}),
    parameters: parameters(def),
    ...(body
      ? {
          requestBody: {
            content: {
              'application/json': { schema: body },
              ...(def.forms ? { 'application/x-www-form-urlencoded': { schema: body } } : {}),
            },
          },
        }
      : {}),
    responses,
    // Public routes need nothing; the others inherit the document's requirement.
    ...(def.public ? { security: [] } : {}),
    'x-error-codes': [...new Set([...commonErrors(def, method), ...(def.errors ?? [])])],
  };
}

const COMPONENTS = {
  securitySchemes: {
    session: {
      type: 'apiKey',
      in: 'cookie',
      name: 'marquee_session',
      description: 'Set by POST /api/v3/auth/pair in the browser that entered the pairing code',
    },
    token: { type: 'http', scheme: 'bearer', description: 'An API token made with POST /api/v3/auth/tokens' },
  },
  schemas: {
    Success: {
      type: 'object',
      required: ['status', 'metadata'],
      properties: {
        status: { type: 'string', enum: ['success'] },
        message: { type: 'string' },
        metadata: {
          type: 'object',
          properties: { response_time_ms: { type: 'number' }, request_id: { type: 'string' } },
        },
      },
    },
    Error: {
      type: 'object',
      required: ['status', 'error_code', 'error_category', 'message'],
      properties: {
        status: { type: 'string', enum: ['error'] },
        error_code: { type: 'string', enum: Object.keys(ERRORS) },
        error_category: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'string' },
        context: { type: 'object' },
        suggested_fixes: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

/** The OpenAPI document, built from the same route declarations the server runs, so it cannot drift. */
export function buildOpenApi(table: RouteTable, version: string): Json {
  const paths: Json = {};
  for (const route of table.routes) {
    const item: Json = {};
    for (const [method, def] of Object.entries(route.methods))
      item[method.toLowerCase()] = operation(def as RouteDef, method);
    paths[openApiPath(route.path)] = item;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Marquee API', version },
    paths,
    // With MARQUEE_AUTH=off nothing is asked for; the document describes the default.
    security: [{ session: [] }, { token: [] }],
    components: COMPONENTS,
  };
}
