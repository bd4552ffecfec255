import type { Context } from 'hono';
import * as v from 'valibot';
import type { FormFields } from '../config/form/tree.ts';
import type { ErrorCode } from '../platform/errors/catalogue.ts';
import type { AppEnv } from './types.ts';

type AnySchema = v.GenericSchema | v.GenericSchemaAsync;
type Out<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

export interface ResponseSpec {
  description: string;
  /** Schema of `data` in the success envelope (documentation only). */
  data?: AnySchema;
  /** Not the JSON envelope (an event stream, a PNG, a raw document). */
  contentType?: string;
}

export type { FormFields };
export type FormReader = (fields: FormFields, c: Context<AppEnv>) => unknown;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

export interface RouteSpec<
  P extends AnySchema | undefined,
  Q extends AnySchema | undefined,
  B extends AnySchema | undefined,
> {
  summary: string;
  description?: string;
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Also accept form-encoded bodies (LEDMatrix clients send forms to some endpoints). `true` passes
   * the fields on as they are; a function turns them into the shape `body` validates.
   */
  forms?: boolean | FormReader;
  /**
   * Answered without a session or API token even when `MARQUEE_AUTH` is on: the page and its
   * assets, health (trimmed), pairing itself, the API's description, signed webhooks. Anything
   * else needs one, so a new route is protected unless it says otherwise here.
   */
  public?: true;
  /** The path parameter that names an installed plugin (LEDMatrix's `ledmatrix-<id>` is resolved in it). */
  pluginParam?: string;
  /** A long-lived response (event stream): no request tracking for shutdown's drain. */
  stream?: boolean;
  /** Overrides the body size limit from settings for this route. */
  maxBodyBytes?: number;
  responses: Record<number, ResponseSpec>;
  /** Error codes this route can answer with, beyond the ones every route can (validation, 5xx). */
  errors?: ErrorCode[];
  handler(c: Context<AppEnv>, input: RouteInput<P, Q, B>): Response | Promise<Response>;
}

export type RouteDef = RouteSpec<AnySchema | undefined, AnySchema | undefined, AnySchema | undefined> & {
  readonly kind: 'route';
};

/** Declares one method of a route file: its input schemas, documented responses and handler. */
export function defineRoute<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): RouteDef {
  return {
    ...(spec as unknown as RouteSpec<AnySchema | undefined, AnySchema | undefined, AnySchema | undefined>),
    kind: 'route',
  };
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
