/** yauzl behind promises, with its failures mapped to PLUGIN_ARCHIVE_INVALID. */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type Yauzl from 'yauzl';
import { AppError } from '../../platform/errors/app-error.ts';

export type ZipFile = Yauzl.ZipFile;
export type ZipEntry = Yauzl.Entry;

// Loaded with the first archive opened rather than at start: the web process may never open one.
const loadCommonJs = createRequire(import.meta.url);
let loaded: typeof Yauzl | undefined;
const yauzl = () => (loaded ??= loadCommonJs('yauzl') as typeof Yauzl);

const invalid = (message: string, e: unknown) =>
  new AppError('PLUGIN_ARCHIVE_INVALID', { message, details: (e as Error)?.message, cause: e });

/**
 * Opens a ZIP file for random access: only the central directory is read now and entry data is
 * streamed later, so a large archive never sits in memory. Names are decoded by us (decodeStrings
 * off) so that unsafe names get our error code and message rather than a generic parse failure.
 */
export async function openZip(file: string): Promise<ZipFile> {
  try {
    return await yauzl().openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: false,
      strictFileNames: true,
    });
  } catch (e) {
    throw invalid('The archive is not a readable ZIP file', e);
  }
}

/** The entry's name as the archive means it (UTF-8 flag, Info-ZIP Unicode path, else CP437), backslashes kept. */
export function entryName(entry: ZipEntry): string {
  const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
  return yauzl().getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

/** Reads the central directory, refusing more than `max` entries before reading them all. */
export function readEntries(zip: ZipFile, max: number, signal?: AbortSignal): Promise<ZipEntry[]> {
  if (zip.entryCount > max) {
    return Promise.reject(
      new AppError('PLUGIN_ARCHIVE_TOO_LARGE', {
        message: `The archive has ${zip.entryCount} entries; at most ${max} are accepted`,
        context: { entries: zip.entryCount, limit: max },
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const entries: ZipEntry[] = [];
    const done = (e?: unknown) => {
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (e) reject(e);
      else resolve(entries);
    };
    zip.on('entry', (entry: ZipEntry) => {
      if (signal?.aborted) return done(signal.reason);
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => done());
    zip.on('error', (e) => done(invalid('The archive directory is corrupt', e)));
    zip.readEntry();
  });
}

/** The decompressed bytes of one entry, as a stream (no size checks here; extract.ts counts). */
export function openEntry(zip: ZipFile, entry: ZipEntry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (e, stream) => {
      if (e || !stream) reject(invalid(`Cannot read ${entryName(entry)} from the archive`, e));
      else resolve(stream);
    });
  });
}
