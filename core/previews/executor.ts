/**
 * The `store-preview` operation: one preview of one store entry at one panel size, in a lane of
 * its own with one slot (previews are made one at a time and never hold up installs or
 * refreshes), bounded by a deadline that covers the download, the host's start and its frames.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { Executor, JsonValue } from '../queue/types.ts';
import { resolveEntry } from '../registry/catalog.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import type { Registry } from '../registry/service.ts';
import { BUILTIN_SOURCE } from '../registry/sources.ts';
import { parseSize, sizeName } from './size.ts';
import { makePreview, type MakeDeps } from './make.ts';

export const PREVIEW_KIND = 'store-preview';

export interface PreviewParams {
  [key: string]: string;
  plugin_id: string;
  size: string;
}

export const previewKey = (id: string, size: string) => `preview:${id}@${size}`;

/**
 * The version a preview is kept under: the registry's, else the entry's date (an entry without
 * either is drawn once). A first-party plugin ships with Marquee, so Marquee's version is part of it.
 */
export function versionOf(e: RegistryEntry, marquee: string): string {
  const own = e.latest_version || e.last_updated || 'unversioned';
  return e.source === BUILTIN_SOURCE ? `${own}+marquee-${marquee}` : own;
}

export function previewExecutor(
  deps: MakeDeps & { registry: Pick<Registry, 'catalog'> },
): Executor<JsonValue, JsonValue> {
  return {
    kind: PREVIEW_KIND,
    timeoutMs: 90_000,
    maxAttempts: 3,
    concurrency: 1,
    keepFinished: 200,
    async run({ params, signal, progress }) {
      const p = params as PreviewParams;
      const entry = resolveEntry(deps.registry.catalog(), p.plugin_id);
      if (!entry)
        throw new AppError('PLUGIN_NOT_FOUND', {
          message: `${p.plugin_id} is no longer in the store`,
          context: { plugin_id: p.plugin_id },
        });
      const size = parseSize(p.size);
      progress(0, 'drawing', `${entry.id} at ${sizeName(size)}`);
      const record = await makePreview(
        deps,
        entry,
        { id: entry.id, version: versionOf(entry, deps.version), size },
        signal,
      );
      const message = record.state === 'ready' ? `preview of ${entry.id} drawn` : `no preview: ${record.reason}`;
      return { state: record.state, message };
    },
  };
}
