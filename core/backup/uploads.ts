/**
 * Uploaded backups waiting for a restore: streamed to `<dataDir>/restore-uploads/<id>.zip` (never
 * held in memory), refused past `limits.backupBytes`, kept an hour. The preview gives the id; the
 * restore names it, so a large file is uploaded once.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../platform/errors/app-error.ts';

export const UPLOAD_KEEP_MS = 60 * 60_000;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uploadsRoot = (dataDir: string) => path.join(dataDir, 'restore-uploads');

export function uploadPath(dataDir: string, id: string): string {
  if (!ID.test(id) || !fs.existsSync(path.join(uploadsRoot(dataDir), `${id}.zip`)))
    throw new AppError('BACKUP_UPLOAD_NOT_FOUND', {
      message: `No uploaded backup ${JSON.stringify(id.slice(0, 64))} is kept (uploads are kept an hour)`,
      context: { upload_id: id.slice(0, 64) },
    });
  return path.join(uploadsRoot(dataDir), `${id}.zip`);
}

function limit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      seen += chunk.length;
      if (seen <= max) return done(null, chunk);
      done(
        new AppError('PAYLOAD_TOO_LARGE', {
          message: `The backup is larger than ${max} bytes (MARQUEE_BACKUP_MAX_BYTES)`,
          context: { limit: max },
        }),
      );
    },
  });
}

/** Removes uploads older than UPLOAD_KEEP_MS. */
export function pruneUploads(dataDir: string, now: number): void {
  const root = uploadsRoot(dataDir);
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const file = path.join(root, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && now - st.mtimeMs > UPLOAD_KEEP_MS) fs.rmSync(file, { force: true });
  }
}

/** Stores a request body; returns its id. A body over the limit or cut short leaves nothing behind. */
export async function storeUpload(
  dataDir: string,
  body: ReadableStream<Uint8Array> | null,
  o: { maxBytes: number; now: number; signal?: AbortSignal },
): Promise<string> {
  if (!body) throw new AppError('INVALID_INPUT', { message: 'Send the backup file as the request body' });
  pruneUploads(dataDir, o.now);
  fs.mkdirSync(uploadsRoot(dataDir), { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const file = path.join(uploadsRoot(dataDir), `${id}.zip`);
  try {
    const input = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
    await pipeline(input, limit(o.maxBytes), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }), {
      signal: o.signal,
    });
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  return id;
}

export const removeUpload = (dataDir: string, id: string) =>
  fs.rmSync(path.join(uploadsRoot(dataDir), `${id}.zip`), { force: true });
