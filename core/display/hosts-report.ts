import { cpuMsOf } from '../hosts/proc-stats.ts';
import type { Supervisor } from '../hosts/supervisor.ts';
import type { PluginRunner } from './plugin-runner.ts';

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

export interface HostReport {
  key: string;
  /** `node` (Marquee's plugins) or `python` (LEDMatrix's). */
  runtime: string | null;
  pid: number | null;
  shared: boolean;
  plugins: string[];
  starts: number;
  /** Moved to nice 19 for keeping a core busy. */
  demoted: boolean;
  rss_mb: number;
  pss_mb: number;
  uss_mb: number;
  cpu_ms: number;
  /** Protocol messages received, and how many needed their chunks joined (a copy). */
  messages: number;
  joined: number;
}

/**
 * The hosts and plugins as health shows them, read from /proc (for a host of another user, the
 * host launcher's newest answer). A host's figures include its wrapper process (the PID
 * namespace's parent, under a megabyte). PSS is the figure to add up across processes: RSS counts
 * the node binary's shared pages again in every process.
 */
export function hostsReport(supervisor: Supervisor, runners: Map<string, PluginRunner>) {
  const hosts: HostReport[] = supervisor.hosts().map((h) => {
    const sum = (k: 'rss' | 'pss' | 'uss') => mb(h.memory?.[k] ?? 0);
    return {
      key: h.key,
      runtime: h.runtime,
      pid: h.pid,
      shared: h.shared,
      plugins: h.plugins,
      starts: h.starts,
      demoted: h.demoted,
      rss_mb: sum('rss'),
      pss_mb: sum('pss'),
      uss_mb: sum('uss'),
      cpu_ms: h.pid ? (cpuMsOf(h.pid) ?? 0) : 0,
      messages: h.counts.messages,
      joined: h.counts.joined,
    };
  });
  const byKey = new Map(hosts.map((h) => [h.key, h]));
  const plugins = Object.fromEntries(
    [...runners].map(([id, r]) => {
      const place = r.host();
      const h = place ? byKey.get(place.key) : undefined;
      const b = r.breaker();
      const s = r.supervision();
      return [
        id,
        {
          phase: r.phase(),
          breaker: b.state,
          failures: b.totalFailures,
          quarantined: b.quarantinedAt !== null,
          refused: r.refusedReason(),
          host: h
            ? {
                key: h.key,
                runtime: h.runtime,
                pid: h.pid,
                shared: h.shared,
                rss_mb: h.rss_mb,
                pss_mb: h.pss_mb,
                demoted: h.demoted,
              }
            : null,
          cpu_pct: r.cpu()?.sharePct ?? 0,
          throttled: (r.cpu()?.minPeriodMs ?? 0) > 0,
          restarts: s.restarts,
          last_kill_reason: s.lastKillReason,
          last_kill_at: s.lastKillAt,
        },
      ];
    }),
  );
  return { hosts, plugins };
}
