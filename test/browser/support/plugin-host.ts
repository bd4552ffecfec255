import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { entry, smallRegistry } from '../../support/registry.ts';
import { archiveEntries, buildZip, pluginFiles, type PluginSpec } from '../../support/zip.ts';

/** Bytes of an archive sent before a held download waits for `release()`. */
const HELD_BYTES = 64;

interface Hold {
  release(): void;
  released: Promise<void>;
  /** Resolves once a request has reached the hold (its first bytes are out). */
  reached: Promise<void>;
  markReached(): void;
}

function newHold(): Hold {
  let release!: () => void;
  let markReached!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (markReached = r));
  return { release, released, reached, markReached };
}

export interface PluginHost {
  url: string;
  /** The registry document's URL (a source of the server under test). */
  registryUrl: string;
  /** Lists these plugins in the registry; each one's repository is on this host. */
  setRegistry(entries: Array<Record<string, unknown>>): void;
  /** Answers the registry with this HTTP status from now on (null: serve the document again). */
  failRegistry(status: number | null): void;
  /** Serves a plugin's `main` branch archive with these files. */
  serveArchive(spec: PluginSpec): void;
  /** Serves this ZIP as the `main` branch archive of repository `id` (a monorepo, say). */
  serveZip(id: string, zip: Buffer): void;
  /** The next downloads of `id` send their first bytes, then wait until the returned `release()`. */
  holdArchive(id: string): Pick<Hold, 'release' | 'reached'>;
  /** A registry entry whose repository is on this host. */
  entry(id: string, extra?: Record<string, unknown>): Record<string, unknown>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The registry and code host of the browser tests, on loopback: the server under test fetches its
 * registry document and GitHub-style branch archives (`/<id>/archive/refs/heads/main.zip`) here,
 * over real HTTP. Archives declare their length, so downloads report percentages.
 */
export async function startPluginHost(): Promise<PluginHost> {
  let registry = smallRegistry([]);
  let etag = 1;
  let registryStatus: number | null = null;
  const archives = new Map<string, Buffer>();
  const holds = new Map<string, Hold>();
  const hits = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/plugins.json') {
      if (registryStatus) return void res.writeHead(registryStatus).end('registry down');
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${etag}"` });
      return void res.end(registry);
    }
    const m = /^\/([^/]+)\/archive\/refs\/heads\/main\.zip$/.exec(path);
    const body = m ? archives.get(m[1]!) : undefined;
    if (!m || !body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) });
    const hold = holds.get(m[1]!);
    if (!hold) return void res.end(body);
    res.write(body.subarray(0, HELD_BYTES));
    hold.markReached();
    await hold.released;
    res.end(body.subarray(HELD_BYTES));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    registryUrl: `${url}/plugins.json`,
    hits,
    setRegistry(entries) {
      registry = smallRegistry(entries);
      etag++;
    },
    failRegistry(status) {
      registryStatus = status;
    },
    serveArchive(spec) {
      // Incompressible padding, so a held download stops well before the end of the archive.
      const files = { ...pluginFiles(spec), 'assets/noise.bin': randomBytes(16_384), ...spec.files };
      const zip = buildZip(archiveEntries(files, { top: `${spec.id}-main` }), { comment: 'c'.repeat(40) });
      archives.set(spec.id, zip);
    },
    serveZip(id, zip) {
      archives.set(id, zip);
    },
    holdArchive(id) {
      const hold = newHold();
      holds.set(id, hold);
      return {
        reached: hold.reached,
        release: () => {
          holds.delete(id);
          hold.release();
        },
      };
    },
    entry: (id, extra = {}) => entry(id, { repo: `${url}/${id}`, ...extra }),
    close: async () => {
      for (const h of holds.values()) h.release();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
