/**
 * Lifecycle tests: a registry on an example host (msw), plugin archives served for the
 * `<repo>/archive/refs/heads/<branch>.zip` URLs its entries lead to, the lifecycle executors
 * registered on real test deps, and helpers to run the queue and read the outcome.
 */
import { delay, http, HttpResponse } from 'msw';
import type { Platform } from '../../core/platform/index.ts';
import type { StreamEvent } from '../../core/platform/events.ts';
import { testApp, testDeps, type TestDeps } from './deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from './registry.ts';
import type { Upstream } from './upstream.ts';
import { archiveEntries, buildZip, pluginFiles, type PluginSpec, type ZipEntrySpec } from './zip.ts';

export const CODE_HOST = 'https://code.example.test';

export const archiveUrl = (id: string, branch = 'main') => `${CODE_HOST}/${id}/archive/refs/heads/${branch}.zip`;

/** A GitHub-style archive of one plugin (top folder `<id>-main/`, commit id as the comment). */
export const pluginArchive = (spec: PluginSpec, opts: { under?: string } = {}) =>
  buildZip(archiveEntries(pluginFiles(spec), { top: `${spec.id}-main`, under: opts.under }), {
    comment: 'c'.repeat(40),
  });

export const rawArchive = (entries: ZipEntrySpec[]) => buildZip(entries, { comment: 'c'.repeat(40) });

export type ArchiveReply =
  | { kind: 'zip'; body: Buffer }
  | { kind: 'status'; status: number }
  /** Sends `bytes` of the body, then breaks the connection. */
  | { kind: 'cut'; body: Buffer; bytes: number }
  /** Sends `bytes` of the body, then waits until `release` resolves before sending the rest. */
  | { kind: 'stall'; body: Buffer; bytes: number; release: Promise<void>; started?: () => void };

/** Serves archives by URL; `replies` may be changed between requests. Counts hits per URL. */
export function archiveServer(upstream: Upstream, replies: Map<string, ArchiveReply>) {
  const hits = new Map<string, number>();
  upstream.use(
    http.get(`${CODE_HOST}/*`, async ({ request }) => {
      const url = request.url;
      hits.set(url, (hits.get(url) ?? 0) + 1);
      const reply = replies.get(url) ?? { kind: 'status', status: 404 };
      if (reply.kind === 'status') return new HttpResponse(null, { status: reply.status });
      if (reply.kind === 'zip') {
        return new HttpResponse(reply.body, { headers: { 'content-type': 'application/zip' } });
      }
      const { body, bytes } = reply;
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new Uint8Array(body.subarray(0, bytes)));
          if (reply.kind === 'cut') {
            await delay(5);
            controller.error(new Error('connection reset'));
            return;
          }
          reply.started?.();
          await reply.release;
          controller.enqueue(new Uint8Array(body.subarray(bytes)));
          controller.close();
        },
      });
      return new HttpResponse(stream, {
        headers: { 'content-type': 'application/zip', 'content-length': String(body.length) },
      });
    }),
  );
  return { hits };
}

/**
 * Test deps with one registry source listing `entries`, and the lifecycle executors registered;
 * registry refreshes run as soon as they are queued, as in the web process.
 */
export function lifecycleDeps(
  upstream: Upstream,
  entries: Array<Record<string, unknown>>,
  overrides: Record<string, unknown> = {},
) {
  const registry = registryEndpoint(REGISTRY_URL, smallRegistry(entries));
  upstream.use(registry.handler);
  const settings = { 'registry.sources': [REGISTRY_URL], 'github.enrich': false, ...overrides };
  const deps = testDeps(settings, { lifecycleExecutors: true, background: ['store-refresh'] });
  return { deps, registry };
}

export async function lifecycleApp(
  upstream: Upstream,
  entries: Array<Record<string, unknown>>,
  overrides: Record<string, unknown> = {},
) {
  const { deps, registry } = lifecycleDeps(upstream, entries, overrides);
  const { app } = await testApp(deps);
  return { deps, app, registry };
}

/** A registry entry whose repository is on the example code host. */
export const codeEntry = (id: string, extra: Record<string, unknown> = {}) =>
  entry(id, { repo: `${CODE_HOST}/${id}`, ...extra });

/** Runs due operations until none is left; returns the operation, finished. */
export async function runToEnd(deps: TestDeps, id: string) {
  while ((await deps.queue.runOnce()) > 0) {
    /* run again: a retry or a follow-up may be due */
  }
  return deps.queue.get(id)!;
}

/** Every event of `type` published from now on. */
export function collect(deps: Pick<Platform, 'events'>, type: string): StreamEvent[] {
  const seen: StreamEvent[] = [];
  deps.events.subscribe((e) => {
    if (e.type === type) seen.push(e);
  });
  return seen;
}
