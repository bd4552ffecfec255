import type { Settings } from '../../../hono.config.ts';

/** What an archive may expand to. Checked against the declared sizes first, then against the bytes actually written. */
export interface ArchiveLimits {
  /** Total uncompressed bytes of the extracted files. */
  maxBytes: number;
  /** Files extracted. */
  maxFiles: number;
  /** Uncompressed bytes of any one file. */
  maxFileBytes: number;
  /** Entries in the whole archive (a monorepo holds other plugins too), read before anything else. */
  maxEntries: number;
  /** Uncompressed/compressed ratio above which a large entry is treated as a bomb. */
  maxRatio: number;
  /** Entries smaller than this are exempt from the ratio rule (small text compresses very well). */
  ratioFloorBytes: number;
}

export function archiveLimits(settings: Settings): ArchiveLimits {
  const { pluginMaxBytes, pluginMaxFiles, pluginMaxFileBytes } = settings.limits;
  return {
    maxBytes: pluginMaxBytes,
    maxFiles: pluginMaxFiles,
    maxFileBytes: pluginMaxFileBytes,
    maxEntries: Math.max(20_000, pluginMaxFiles * 4),
    maxRatio: 200,
    ratioFloorBytes: 1024 * 1024,
  };
}
