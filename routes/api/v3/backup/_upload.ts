/** What the upload endpoints share: which bodies are a backup file, and the upload's size limit. */
import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError } from '../../../../core/platform/errors/app-error.ts';
import { readBody, validatePart } from '../../../../core/http/input.ts';
import type { RouteDef } from '../../../../core/http/route.ts';
import type { AppEnv } from '../../../../core/http/types.ts';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** The route's own limit is the largest the setting allows; the setting itself is applied while storing. */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024 * 1024;

export const isZipRequest = (c: Context<AppEnv>) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return ZIP_TYPES.includes(type);
};

export function zipBody(c: Context<AppEnv>): ReadableStream<Uint8Array> | null {
  if (isZipRequest(c)) return c.req.raw.body;
  const received = c.req.header('content-type') ?? null;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: `Send the backup file as the body with Content-Type application/zip (received ${JSON.stringify(received ?? 'none')})`,
    context: { received, expected: ZIP_TYPES },
  });
}

const UUID_MSG = 'an upload id from POST /api/v3/backup/preview';
const byId = v.object({
  upload_id: v.pipe(
    v.string(UUID_MSG),
    v.check((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s), UUID_MSG),
  ),
});

/**
 * `{upload_id}` from a JSON body. The restore route declares no body schema (the framework would
 * read a ZIP body as text), so the JSON form is read and checked here, with the usual errors.
 */
export async function uploadIdBody(c: Context<AppEnv>): Promise<string> {
  const raw = await readBody(c, { body: byId } as unknown as RouteDef);
  if (raw === undefined)
    throw new AppError('VALIDATION_ERROR', {
      message: 'Send the backup file (application/zip) or JSON {"upload_id": "..."}',
      context: { problems: [{ in: 'body', field: 'upload_id', expected: UUID_MSG, received: 'nothing' }] },
    });
  return ((await validatePart('body', byId, raw)) as v.InferOutput<typeof byId>).upload_id;
}
