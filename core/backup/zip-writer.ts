/**
 * A streaming ZIP writer on Node's zlib: each entry's header, its deflated bytes and a data
 * descriptor (sizes and CRC-32 known only once the data has gone by), then the central directory.
 * Marquee's archives are small and few (a backup), so this is the whole of ZIP they need: deflate,
 * UTF-8 names, no ZIP64 (an archive past 4 GiB is refused). Written here rather than taken from a
 * package: the ZIP libraries on offer bring a dozen dependencies for what is about a hundred lines,
 * and reading (yauzl, with the plugin archive rules) is already in place.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface ZipSource {
  /** `/`-separated path inside the archive. */
  name: string;
  data: Buffer | (() => Readable);
  /** Modification time (default: the archive's time). */
  mtime?: Date;
}

const LIMIT = 0xffffffff;
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const DEFLATE = 8;
const VERSION = 20;

/** MS-DOS date and time, the ZIP format's (2-second steps, local time as most tools read it). */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: { time: number; date: number };
}

function localHeader(name: Buffer, t: { time: number; date: number }): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(FLAGS, 6);
  h.writeUInt16LE(DEFLATE, 8);
  h.writeUInt16LE(t.time, 10);
  h.writeUInt16LE(t.date, 12);
  // CRC and sizes (14–25) stay 0: they follow the data in the descriptor.
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function descriptor(w: Written): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(w.crc, 4);
  d.writeUInt32LE(w.compressed, 8);
  d.writeUInt32LE(w.size, 12);
  return d;
}

function centralEntry(w: Written): Buffer {
  const c = Buffer.alloc(46);
  c.writeUInt32LE(0x02014b50, 0);
  c.writeUInt16LE((3 << 8) | VERSION, 4); // made by: Unix
  c.writeUInt16LE(VERSION, 6);
  c.writeUInt16LE(FLAGS, 8);
  c.writeUInt16LE(DEFLATE, 10);
  c.writeUInt16LE(w.time.time, 12);
  c.writeUInt16LE(w.time.date, 14);
  c.writeUInt32LE(w.crc, 16);
  c.writeUInt32LE(w.compressed, 20);
  c.writeUInt32LE(w.size, 24);
  c.writeUInt16LE(w.name.length, 28);
  c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  c.writeUInt32LE(w.offset, 42);
  return Buffer.concat([c, w.name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(size, 12);
  e.writeUInt32LE(offset, 16);
  return e;
}

const tooLarge = () => new RangeError('the archive would exceed 4 GiB, which this writer does not support');

/** The archive as a stream; entries are read one at a time, as the reader takes the bytes. */
export function zipStream(entries: Iterable<ZipSource> | AsyncIterable<ZipSource>, now = new Date()): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const written: Written[] = [];
    let offset = 0;
    for await (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const time = dosTime(e.mtime ?? now);
      const w: Written = { name, crc: 0, compressed: 0, size: 0, offset, time };
      const head = localHeader(name, time);
      yield head;
      offset += head.length;
      const input = Buffer.isBuffer(e.data) ? Readable.from([e.data]) : e.data();
      const deflate = zlib.createDeflateRaw({ level: 6 });
      input.on('data', (chunk: Buffer) => ((w.crc = zlib.crc32(chunk, w.crc)), (w.size += chunk.length)));
      input.once('error', (err) => deflate.destroy(err));
      input.pipe(deflate);
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        w.compressed += chunk.length;
        yield chunk;
      }
      offset += w.compressed;
      if (w.size > LIMIT || offset > LIMIT) throw tooLarge();
      yield descriptor(w);
      offset += 16;
      written.push(w);
    }
    const central = Buffer.concat(written.map(centralEntry));
    if (written.length > 0xffff || offset + central.length > LIMIT) throw tooLarge();
    yield central;
    yield endRecord(written.length, central.length, offset);
  }
  return Readable.from(bytes());
}
