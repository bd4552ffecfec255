/**
 * A `multipart/form-data` body read into its text fields and its files. Anything else is 415; a
 * body that does not parse as multipart is 400 naming what was expected. The route's body limit has
 * already bounded its size.
 */
import type { Context } from 'hono';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppEnv } from './types.ts';

export interface MultipartBody {
  fields: Record<string, string>;
  files: Array<{ field: string; name: string; bytes: Uint8Array }>;
}

export async function readMultipart(c: Context<AppEnv>): Promise<MultipartBody> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      message: `Send the files as multipart/form-data (received ${JSON.stringify(type.split(';')[0] || 'none')})`,
      context: { received: type.split(';')[0] || null, expected: ['multipart/form-data'] },
    });
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch (e) {
    throw new AppError('INVALID_INPUT', {
      message: 'The body is not valid multipart/form-data',
      details: (e as Error).message,
    });
  }
  const out: MultipartBody = { fields: {}, files: [] };
  for (const [field, value] of form) {
    // Assigning `__proto__` would replace the object's prototype, not add a field.
    if (field === '__proto__') continue;
    if (typeof value === 'string') out.fields[field] = value;
    else out.files.push({ field, name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return out;
}
