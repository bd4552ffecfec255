import { residentOf } from './proc-stats.ts';

const MB = 1024 * 1024;

/**
 * Who grew a host's memory: each reply carries the host's resident size after the call, and the
 * growth since the previous reply is put down to the plugin whose call it was. In a shared host
 * over its ceiling, the plugin that grew it most is the one to name.
 */
export function createMemoryLedger() {
  let lastRss = 0;
  const growth = new Map<string, number>();
  return {
    /** Records a reply's size; true when the host grew. */
    record(pluginId: string, rss: number): boolean {
      if (!Number.isFinite(rss)) return false;
      const grew = rss - lastRss;
      if (lastRss) growth.set(pluginId, (growth.get(pluginId) ?? 0) + Math.max(0, grew));
      lastRss = rss;
      return grew > 0;
    },
    topGrower: (): string | null => [...growth].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
    reset() {
      lastRss = 0;
      growth.clear();
    },
  };
}

/** Why a host is over its ceiling (anonymous resident memory: heap and buffers, not the shared binary), or null. */
export function overCeiling(pid: number | null, memoryMb: number): string | null {
  const mem = pid ? residentOf(pid) : null;
  if (!mem || mem.anon <= memoryMb * MB) return null;
  return `resident memory ${Math.round(mem.anon / MB)} MB over its ceiling of ${memoryMb} MB`;
}
export type MemoryLedger = ReturnType<typeof createMemoryLedger>;
