/**
 * Store previews as the API asks for them, and the background work that keeps them made. A
 * preview is answered from the data folder only; a missing one is queued (`store-preview`) and
 * answered as pending. In the background, after a registry refresh, a change of panel size or the
 * end of a preview, the next entry without a preview at the panel's size is queued: one at a time,
 * so previews never fill the queue in front of a person's work.
 */
import { EVENT_TYPES } from '../../shared/events.ts';
import type { Json } from '../display/config-files.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import type { Queue } from '../queue/types.ts';
import { resolveEntry } from '../registry/catalog.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import type { Registry } from '../registry/service.ts';
import { dropUnlisted, previewFiles, readRecord, type PreviewKey, type PreviewRecord } from './cache.ts';
import { PREVIEW_KIND, previewKey, versionOf } from './executor.ts';
import { panelSize, sizeName, type Size } from './size.ts';

export interface PreviewsDeps extends Pick<Platform, 'settings' | 'clock' | 'log' | 'events' | 'version'> {
  queue: Pick<Queue, 'enqueue' | 'active' | 'history'>;
  registry: Pick<Registry, 'catalog'>;
  mainConfig(): Json;
  root: string;
}

export type PreviewAnswer =
  | { state: 'ready'; record: Extract<PreviewRecord, { state: 'ready' }>; files: ReturnType<typeof previewFiles> }
  | { state: 'pending'; reason: 'pending'; operation_id: string }
  | { state: 'unavailable'; reason: string };

/** A failed attempt to make a preview is tried again this long after, when asked for. */
const RETRY_FAILED_MS = 10 * 60_000;
/** Kinds whose end may have changed the catalog or the panel size. */
const WATCHED = new Set(['store-refresh', PREVIEW_KIND, 'configure', 'restore']);

export function createPreviews(d: PreviewsDeps) {
  const keyOf = (e: RegistryEntry, size: Size): PreviewKey => ({ id: e.id, version: versionOf(e, d.version), size });

  function entryOf(id: string): RegistryEntry {
    const entry = resolveEntry(d.registry.catalog(), id);
    if (!entry)
      throw new AppError('PLUGIN_NOT_FOUND', {
        message: `No plugin ${JSON.stringify(id)} in the store`,
        context: { plugin_id: id },
        fixes: ['Refresh the plugin store', 'Check the plugin id'],
      });
    return entry;
  }

  /** The queue's word on this preview: running or waiting, or its last failure if recent. */
  function queued(key: string): PreviewAnswer | null {
    const active = d.queue.active(key)[0];
    if (active) return { state: 'pending', reason: 'pending', operation_id: active.id };
    const last = d.queue.history({ key, kind: PREVIEW_KIND, limit: 1 })[0];
    if (last?.status === 'failed' && d.clock.now() - (last.finishedAt ?? 0) < RETRY_FAILED_MS)
      return { state: 'unavailable', reason: `failed: ${last.errorMessage ?? last.errorCode ?? 'unknown error'}` };
    return null;
  }

  function request(e: RegistryEntry, size: Size, by: 'api' | 'registry') {
    return d.queue.enqueue({
      kind: PREVIEW_KIND,
      key: previewKey(e.id, sizeName(size)),
      params: { plugin_id: e.id, size: sizeName(size) },
      requestedBy: by,
    }).operation;
  }

  const size = () => panelSize(d.settings, d.mainConfig());

  /** The preview of a store entry at `at` (default: the panel's size); a missing one is queued. */
  function get(id: string, at?: Size): PreviewAnswer {
    const entry = entryOf(id);
    const s = at ?? size();
    const k = keyOf(entry, s);
    const record = readRecord(d.root, k);
    if (record?.state === 'ready') return { state: 'ready', record, files: previewFiles(d.root, k) };
    if (record) return { state: 'unavailable', reason: record.reason };
    const seen = queued(previewKey(entry.id, sizeName(s)));
    if (seen) return seen;
    return { state: 'pending', reason: 'pending', operation_id: request(entry, s, 'api').id };
  }

  /** Queues the first entry with no preview at the panel's size, unless a preview is already under way. */
  function fillNext(): void {
    const s = size();
    const entries = d.registry.catalog().entries;
    dropUnlisted(d.root, new Set(entries.map((e) => e.id)));
    if (entries.some((e) => d.queue.active(previewKey(e.id, sizeName(s))).length)) return;
    const next = entries.find((e) => !readRecord(d.root, keyOf(e, s)) && !queued(previewKey(e.id, sizeName(s))));
    if (next) request(next, s, 'registry');
  }

  /** Follows the event stream (background previews); returns the function that stops it. */
  function follow(): () => void {
    return d.events.subscribe((e) => {
      if (e.type !== EVENT_TYPES.operationFinished) return;
      const kind = (e.data as { operation_type?: string }).operation_type;
      if (!kind || !WATCHED.has(kind)) return;
      setImmediate(() => {
        try {
          fillNext();
        } catch (err) {
          d.log.warn('could not queue the next store preview', { error: (err as Error).message });
        }
      });
    });
  }

  return { get, fillNext, follow, panelSize: size };
}

export type Previews = ReturnType<typeof createPreviews>;

/** A preview's state as JSON (always 200), for pages that ask before they fetch the picture. */
export function previewStatus(a: PreviewAnswer) {
  if (a.state !== 'ready') return { ...a, etag: null, frames: null, frame_ms: null };
  const { record } = a;
  return {
    state: a.state,
    reason: null,
    etag: record.etag,
    frames: record.frames,
    frame_ms: record.frame_ms,
    mode: record.mode,
    /** Mean CPU time of one frame in the plugin host, ms. */
    render_ms: Math.round(record.render_ms * 100) / 100,
    rendered_at: new Date(record.rendered_at).toISOString(),
  };
}
