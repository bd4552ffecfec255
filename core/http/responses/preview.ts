import fs from 'node:fs';
import type { Context } from 'hono';
import { AppError } from '../../platform/errors/app-error.ts';
import type { PreviewAnswer } from '../../previews/service.ts';
import { ok } from '../envelope.ts';
import type { AppEnv } from '../types.ts';

/**
 * A store preview's answer: the PNG with its ETag (304 when the browser has it), 202 while it is
 * being made (with the operation to follow), or 404 PREVIEW_UNAVAILABLE with the reason in words.
 * `which`: the first frame, or the animation's strip of frames (only an animated plugin has one).
 */
export function previewResponse(c: Context<AppEnv>, a: PreviewAnswer, which: 'still' | 'frames'): Response {
  if (a.state === 'pending')
    return ok(c, a, { status: 202, message: 'The preview is being drawn', headers: { 'Retry-After': '2' } });
  if (a.state === 'unavailable') throw unavailable(a.reason);
  const { record, files } = a;
  const etag = which === 'still' ? record.etag : record.strip_etag;
  if (!etag) throw unavailable('a still picture: the plugin does not move');
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': 'no-cache',
    'X-Preview-Frames': String(record.frames),
    'X-Preview-Frame-Ms': String(record.frame_ms),
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  const bytes = fs.readFileSync(which === 'still' ? files.still : files.strip);
  return c.body(bytes, 200, { ...headers, 'Content-Type': 'image/png' });
}

const unavailable = (reason: string) =>
  new AppError('PREVIEW_UNAVAILABLE', { message: `No preview: ${reason}`, context: { reason } });
