import type { HostDeath } from './host-process.ts';

export interface Verdict {
  /** Plugins the death is counted against (their breaker and crash record). */
  blamed: string[];
  /** Plugins that may have caused it: moved to hosts of their own, not counted. */
  suspects: string[];
}

/**
 * Who caused a host's death. A host of one plugin: that plugin, always. A shared host: a plugin is
 * counted only when it is certain — the one request in flight when the host crashed, or a request
 * that missed its deadline while no other plugin's request was running longer (an older request
 * may be what holds the host's thread). When unsure, every plausible plugin becomes a suspect and
 * gets a host of its own, so a second time the blame is exact; the others restart without them.
 * A Node host names the plugin whose code called process.exit (its last message, `exiting`).
 */
export function judgeDeath(d: HostDeath, members: readonly string[]): Verdict {
  if (d.kind === 'stopped') return { blamed: [], suspects: [] };
  if (members.length === 1)
    return d.kind === 'unconfined' ? { blamed: [], suspects: [] } : { blamed: [...members], suspects: [] };
  const inFlight = [...new Set(d.inFlight)].filter((id) => members.includes(id));
  if (d.kind === 'memory') return { blamed: [], suspects: d.named ? [d.named] : [...members] };
  if ((d.kind === 'hang' || d.kind === 'protocol') && d.named) {
    const older = inFlight.slice(0, Math.max(0, inFlight.indexOf(d.named)));
    return older.length ? { blamed: [], suspects: [...older, d.named] } : { blamed: [d.named], suspects: [] };
  }
  // The host named the plugin whose code ended it (process.exit), or only one was running.
  if (d.kind === 'crash' && d.named) return { blamed: [d.named], suspects: [] };
  if (inFlight.length === 1) return { blamed: inFlight, suspects: [] };
  return { blamed: [], suspects: inFlight.length ? inFlight : [...members] };
}
