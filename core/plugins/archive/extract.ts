/**
 * Extracts a plugin archive into an empty staging folder. Everything is refused up front from the
 * central directory (plan.ts); while streaming, each entry's bytes are counted and checksummed so
 * that an entry whose data does not match its declared size (a bomb that lies in its headers, or a
 * truncated download) stops at once. Files are created exclusively (`wx`), never through links,
 * and flushed before close so that the rename that activates them never exposes empty files after a power cut.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../../platform/errors/app-error.ts';
import { planExtraction, type PlanOptions, type PlannedFile } from './plan.ts';
import { openEntry, openZip, readEntries, type ZipFile } from './zip.ts';

export interface ExtractOptions extends PlanOptions {
  /** Aborts the extraction (operation cancelled or out of time); the caller discards the folder. */
  signal?: AbortSignal;
  /** Called after each file is written. */
  onFile?(done: number, total: number): void;
}

export interface ExtractResult {
  files: number;
  bytes: number;
  /** The archive comment: GitHub puts the commit id there. */
  comment: string;
  topFolder?: string;
}

/** Counts and checksums one entry's bytes, failing as soon as they exceed what was declared. */
function verifier(f: PlannedFile): Transform {
  let count = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      count += chunk.length;
      if (count > f.size) {
        done(
          new AppError('PLUGIN_ARCHIVE_UNSAFE', {
            message: `Archive entry ${JSON.stringify(f.rel)} expands beyond its declared ${f.size} bytes (a zip bomb)`,
            context: { entry: f.rel, declared: f.size, reason: 'size_mismatch' },
          }),
        );
        return;
      }
      crc = zlib.crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      if (count !== f.size || crc !== f.entry.crc32 >>> 0) {
        done(
          new AppError('PLUGIN_ARCHIVE_INVALID', {
            message: `Archive entry ${JSON.stringify(f.rel)} is truncated or corrupt`,
            context: { entry: f.rel, declared: f.size, received: count },
          }),
        );
        return;
      }
      done();
    },
  });
}

async function writeEntry(zip: ZipFile, f: PlannedFile, dest: string, signal?: AbortSignal): Promise<void> {
  const target = path.join(dest, ...f.rel.split('/'));
  if (!target.startsWith(dest + path.sep)) throw new TypeError(`planned path escapes: ${f.rel}`);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const source = await openEntry(zip, f.entry);
  try {
    await pipeline(source, verifier(f), fs.createWriteStream(target, { flags: 'wx', mode: 0o644, flush: true }), {
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if (e instanceof AppError) throw e;
    throw new AppError('PLUGIN_ARCHIVE_INVALID', {
      message: `Cannot extract ${JSON.stringify(f.rel)}: the archive is corrupt`,
      details: (e as Error).message,
      cause: e,
    });
  }
}

/** Extracts into `dest`, which must exist and be empty. Throws PLUGIN_ARCHIVE_* or the signal's reason. */
export async function extractArchive(zipPath: string, dest: string, opts: ExtractOptions): Promise<ExtractResult> {
  opts.signal?.throwIfAborted();
  const root = path.resolve(dest);
  const zip = await openZip(zipPath);
  try {
    const entries = await readEntries(zip, opts.limits.maxEntries, opts.signal);
    const plan = planExtraction(entries, opts);
    for (const [i, f] of plan.files.entries()) {
      opts.signal?.throwIfAborted();
      await writeEntry(zip, f, root, opts.signal);
      opts.onFile?.(i + 1, plan.files.length);
    }
    const comment = Buffer.isBuffer(zip.comment) ? zip.comment.toString('utf8') : String(zip.comment ?? '');
    return { files: plan.files.length, bytes: plan.totalBytes, comment, topFolder: plan.topFolder };
  } finally {
    zip.close();
  }
}
