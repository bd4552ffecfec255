/**
 * Decides, from the central directory alone, what an extraction will write, and refuses the whole
 * archive before a single byte is written if any entry is unsafe or the declared sizes exceed the
 * limits. Extraction then only has to check that the data matches what was declared.
 */
import { AppError } from '../../platform/errors/app-error.ts';
import type { ArchiveLimits } from './limits.ts';
import { judgeName, safeRelativeSegments } from './names.ts';
import { entryName, type ZipEntry } from './zip.ts';

export interface PlannedFile {
  entry: ZipEntry;
  /** Path relative to the destination, `/`-separated, checked safe. */
  rel: string;
  size: number;
}

export interface Plan {
  files: PlannedFile[];
  totalBytes: number;
  /** The archive's single top folder that was stripped (GitHub's `<repo>-<ref>/`), if any. */
  topFolder?: string;
}

export interface PlanOptions {
  limits: ArchiveLimits;
  /** Only this subfolder (after the top folder) is extracted: a plugin inside a monorepo. */
  pluginPath?: string;
  /** `auto`: strip a single top folder when every entry is inside it. */
  layout?: 'auto' | 'top-folder' | 'flat';
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

const unsafe = (name: string, reason: string) =>
  new AppError('PLUGIN_ARCHIVE_UNSAFE', {
    message: `Archive entry ${JSON.stringify(name)} is not allowed: ${reason}`,
    context: { entry: name, reason },
  });
const tooLarge = (message: string, context: Record<string, unknown>) =>
  new AppError('PLUGIN_ARCHIVE_TOO_LARGE', { message, context });
const invalid = (message: string, context?: Record<string, unknown>) =>
  new AppError('PLUGIN_ARCHIVE_INVALID', { message, context });

interface Named {
  entry: ZipEntry;
  name: string;
  segments: string[];
  isDir: boolean;
}

function nameAll(entries: ZipEntry[]): Named[] {
  return entries.map((entry) => {
    const name = entryName(entry);
    const verdict = judgeName(name);
    if (!verdict.ok) throw unsafe(name, verdict.reason);
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    return { entry, name, segments: verdict.segments, isDir: verdict.isDir || type === S_IFDIR };
  });
}

function topFolderOf(named: Named[], layout: PlanOptions['layout']): string | undefined {
  if (layout === 'flat' || named.length === 0) return undefined;
  const top = named[0]!.segments[0]!;
  const inside = named.every((n) => n.segments[0] === top && (n.segments.length > 1 || n.isDir));
  if (inside) return top;
  if (layout === 'top-folder') throw invalid('The archive does not have a single top folder');
  return undefined;
}

function checkEntry(n: Named, limits: ArchiveLimits): void {
  const { entry, name } = n;
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw unsafe(name, 'symbolic link or special file');
  if (entry.isEncrypted()) throw invalid(`Archive entry ${JSON.stringify(name)} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw invalid(`Archive entry ${JSON.stringify(name)} uses unsupported compression ${entry.compressionMethod}`);
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw unsafe(name, 'stored entry whose declared sizes disagree');
  }
  const size = entry.uncompressedSize;
  if (size > limits.maxFileBytes) {
    throw tooLarge(`Archive entry ${JSON.stringify(name)} expands to ${size} bytes; at most ${limits.maxFileBytes}`, {
      entry: name,
      size,
      limit: limits.maxFileBytes,
    });
  }
  if (size >= limits.ratioFloorBytes && size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
    throw tooLarge(`Archive entry ${JSON.stringify(name)} is compressed more than ${limits.maxRatio}:1 (a zip bomb)`, {
      entry: name,
      size,
      compressed: entry.compressedSize,
    });
  }
}

function selectUnder(named: Named[], strip: number, prefix: string[]): Array<Named & { rel: string[] }> {
  const out: Array<Named & { rel: string[] }> = [];
  for (const n of named) {
    const rest = n.segments.slice(strip);
    if (rest.length <= prefix.length || prefix.some((p, i) => rest[i] !== p)) continue;
    out.push({ ...n, rel: rest.slice(prefix.length) });
  }
  return out;
}

/** `a` as a file and `a/b` as another: the second cannot be written, so the archive is malformed. */
function refuseFilesInsideFiles(files: PlannedFile[]): void {
  const paths = new Set(files.map((f) => f.rel));
  for (const f of files) {
    const parts = f.rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (paths.has(parts.slice(0, i).join('/')))
        throw invalid(`Archive path ${JSON.stringify(f.rel)} is inside a file`);
    }
  }
}

export function planExtraction(entries: ZipEntry[], opts: PlanOptions): Plan {
  const { limits } = opts;
  const named = nameAll(entries);
  const topFolder = topFolderOf(named, opts.layout ?? 'auto');
  const prefix = safeRelativeSegments(opts.pluginPath ?? '');
  if (prefix === null) throw invalid(`plugin_path ${JSON.stringify(opts.pluginPath)} is not a safe relative path`);
  const selected = selectUnder(named, topFolder === undefined ? 0 : 1, prefix);
  const files: PlannedFile[] = [];
  const seen = new Set<string>();
  let totalBytes = 0;
  for (const n of selected) {
    checkEntry(n, limits);
    const rel = n.rel.join('/');
    if (seen.has(rel)) throw unsafe(n.name, 'the same path appears twice');
    seen.add(rel);
    if (n.isDir) continue;
    files.push({ entry: n.entry, rel, size: n.entry.uncompressedSize });
    totalBytes += n.entry.uncompressedSize;
    if (files.length > limits.maxFiles) {
      throw tooLarge(`The plugin has more than ${limits.maxFiles} files`, { limit: limits.maxFiles });
    }
    if (totalBytes > limits.maxBytes) {
      throw tooLarge(`The plugin expands to more than ${limits.maxBytes} bytes`, { limit: limits.maxBytes });
    }
  }
  if (!files.length) {
    throw invalid(
      prefix.length
        ? `plugin_path ${JSON.stringify(opts.pluginPath)} holds no files in the archive`
        : 'The archive holds no files',
      { plugin_path: opts.pluginPath ?? '' },
    );
  }
  refuseFilesInsideFiles(files);
  return { files, totalBytes, topFolder };
}
