/**
 * Builds real ZIP files for tests, including malicious ones: every header field that an attack
 * lies about (name, sizes, CRC, Unix mode) can be set by hand. Format: PKWARE APPNOTE 6.3 — local
 * headers with data, then the central directory, then the end-of-central-directory record.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  method?: 'store' | 'deflate';
  /** Unix mode in the external attributes (default 0o100644 for files, 0o040755 for names ending in /). */
  mode?: number;
  /** Lies written in both headers instead of the real values. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
  /** Set the general-purpose "encrypted" bit. */
  encrypted?: boolean;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

export function buildZip(entries: ZipEntrySpec[], opts: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '');
    const deflate = (e.method ?? (raw.length > 64 ? 'deflate' : 'store')) === 'deflate';
    const body = deflate ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const isDir = e.name.endsWith('/');
    const mode = e.mode ?? (isDir ? 0o040755 : 0o100644);
    const flags = 0x0800 | (e.encrypted ? 1 : 0);
    const crc = e.crc ?? zlib.crc32(raw);
    const csize = e.declaredCompressedSize ?? body.length;
    const usize = e.declaredSize ?? raw.length;
    const common = [
      u16(20),
      u16(flags),
      u16(deflate ? 8 : 0),
      u16(0),
      u16(0x21),
      u32(crc),
      u32(csize),
      u32(usize),
      u16(name.length),
      u16(0),
    ];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, body]);
    const central = Buffer.concat([
      u32(0x02014b50),
      u16((3 << 8) | 20),
      ...common,
      u16(0),
      u16(0),
      u16(0),
      u32(((mode & 0xffff) << 16) | (isDir ? 0x10 : 0)),
      u32(offset),
      name,
    ]);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(opts.comment ?? '', 'utf8');
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(cd.length),
    u32(offset),
    u16(comment.length),
    comment,
  ]);
  return Buffer.concat([...locals, cd, end]);
}

export function writeZip(file: string, entries: ZipEntrySpec[], opts: { comment?: string } = {}): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, buildZip(entries, opts));
  return file;
}

export interface PluginSpec {
  id: string;
  version?: string;
  manifest?: Record<string, unknown>;
  /** Extra files, relative to the plugin folder. */
  files?: Record<string, string | Buffer>;
  /** Code of the entry module. */
  code?: string;
}

/** A valid Marquee plugin's files. */
export function pluginFiles(spec: PluginSpec): Record<string, string | Buffer> {
  const manifest = {
    id: spec.id,
    name: `Plugin ${spec.id}`,
    version: spec.version ?? '1.0.0',
    author: 'Tests',
    description: `The ${spec.id} test plugin`,
    category: 'test',
    tags: ['test'],
    entry_point: 'index.js',
    display_modes: [spec.id],
    ...spec.manifest,
  };
  return {
    'manifest.json': JSON.stringify(manifest, null, 2),
    'index.js':
      spec.code ?? `export const version = ${JSON.stringify(manifest.version)};\nexport default class Plugin {}\n`,
    'config_schema.json': JSON.stringify({ type: 'object', properties: { enabled: { type: 'boolean' } } }),
    ...spec.files,
  };
}

/** Entries of a GitHub-style archive: everything under `<top>/`, optionally under a monorepo subfolder. */
export function archiveEntries(files: Record<string, string | Buffer>, opts: { top?: string; under?: string } = {}) {
  const top = opts.top ?? 'repo-main';
  const prefix = opts.under ? `${top}/${opts.under}/` : `${top}/`;
  return [
    { name: `${top}/` },
    ...Object.entries(files).map(([rel, data]) => ({ name: prefix + rel, data })),
  ] as ZipEntrySpec[];
}

/** A plugin archive as GitHub serves it (top folder, commit id as the comment). */
export function pluginZip(file: string, spec: PluginSpec, opts: { top?: string; under?: string } = {}): string {
  return writeZip(file, archiveEntries(pluginFiles(spec), opts), { comment: 'a'.repeat(40) });
}

/** Writes a plugin folder directly (what discovery finds on disk). */
export function writePluginFolder(pluginsDir: string, spec: PluginSpec): string {
  const dir = path.join(pluginsDir, spec.id);
  for (const [rel, data] of Object.entries(pluginFiles(spec))) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  }
  return dir;
}

/** Every file path under `root` (relative), for "nothing else was written" assertions. */
export function treeOf(root: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (skip(r)) continue;
      if (d.isDirectory()) walk(path.join(dir, d.name), r);
      out.push(d.isDirectory() ? `${r}/` : r);
    }
  };
  if (fs.existsSync(root)) walk(root, '');
  return out.sort();
}
