/**
 * A plugin's CPU use against its budget (by default 25 % of one core averaged over 30 s). Its use
 * is the time its calls took on the host's CPU (`cpu_ms` of each reply) or, for a plugin alone in
 * its host, the host's own CPU time when that is more (work a plugin starts outside its calls, in a
 * timer, counts too). A plugin over budget is slowed: its frames are spaced so the render time it
 * spends fits the budget. Its demand — what it would use at the rate it asks for — keeps it "over"
 * while slowed, so a plugin that stays over is counted by its breaker even though the slowing
 * keeps its actual use down.
 */
export interface CpuReading {
  /** Percent of one core over the window. */
  sharePct: number;
  /** Percent of one core it would use at its own frame rate (renders only). */
  demandPct: number;
  over: boolean;
  /** The least time between its frames that keeps its renders within budget (0: no limit). */
  minPeriodMs: number;
}

/** Times are performance.now() milliseconds; a reading needs a third of the window of samples. */
export function createCpuBudget(opts: { budgetPct: number; windowMs: number }) {
  const calls: Array<{ at: number; ms: number; render: boolean }> = [];
  let host: Array<{ at: number; totalMs: number }> = [];
  let since: number | null = null;
  const minSpan = opts.windowMs / 3;

  const trim = (now: number) => {
    while (calls.length && now - calls[0]!.at > opts.windowMs) calls.shift();
    host = host.filter((s) => now - s.at <= opts.windowMs);
  };

  return {
    /** A call's CPU time, from its reply. */
    call(at: number, ms: number, render: boolean) {
      since ??= at;
      calls.push({ at, ms, render });
    },
    /** The total CPU time of the plugin's own host (only for a plugin alone in it). */
    hostTotal(at: number, totalMs: number) {
      since ??= at;
      host.push({ at, totalMs });
    },
    /** The reading now, given the period between frames the plugin asks for (null: it draws rarely). */
    read(now: number, wantedPeriodMs: number | null): CpuReading | null {
      trim(now);
      if (since === null || now - since < minSpan) return null;
      const span = Math.min(opts.windowMs, now - since);
      const inCalls = calls.reduce((n, c) => n + c.ms, 0);
      const inHost = host.length >= 2 ? host.at(-1)!.totalMs - host[0]!.totalMs : 0;
      const sharePct = (Math.max(inCalls, inHost) / span) * 100;
      const renders = calls.filter((c) => c.render);
      const perRender = renders.length ? renders.reduce((n, c) => n + c.ms, 0) / renders.length : 0;
      const demandPct = wantedPeriodMs ? (perRender / wantedPeriodMs) * 100 : 0;
      const budget = opts.budgetPct / 100;
      return {
        sharePct: Math.round(sharePct * 10) / 10,
        demandPct: Math.round(demandPct * 10) / 10,
        over: sharePct > opts.budgetPct || demandPct > opts.budgetPct,
        minPeriodMs: demandPct > opts.budgetPct ? perRender / budget : 0,
      };
    },
    reset() {
      calls.length = 0;
      host = [];
      since = null;
    },
  };
}

export type CpuBudget = ReturnType<typeof createCpuBudget>;

/**
 * A plugin's budget applied a few times per window: the reading, the slowing it calls for, and
 * what to do when the plugin is over (count it, push its next update back) or back under.
 */
export function createCpuWatch(
  opts: { budgetPct: number; windowMs: number },
  on: {
    /** The period the plugin asks for between frames (null: only on a change). */
    askedPeriod(): number | null;
    setMinPeriod(ms: number): void;
    over(reason: string, stillUsing: boolean): void;
    under(): void;
  },
) {
  const budget = createCpuBudget(opts);
  let reading: CpuReading | null = null;
  return {
    call: (ms: number, render: boolean) => budget.call(performance.now(), ms, render),
    reset: () => budget.reset(),
    /** `hostCpuMs`: the CPU time of the plugin's own host so far (null: it shares one). */
    check(hostCpuMs: number | null) {
      const t = performance.now();
      if (hostCpuMs !== null) budget.hostTotal(t, hostCpuMs);
      reading = budget.read(t, on.askedPeriod());
      if (!reading) return;
      on.setMinPeriod(reading.minPeriodMs);
      const { sharePct, demandPct } = reading;
      if (!reading.over) return on.under();
      const why = `used ${sharePct}% of a core (at its own rate ${demandPct}%), over its budget of ${opts.budgetPct}%`;
      on.over(why, sharePct > opts.budgetPct);
    },
    reading: () => reading,
    summary: () => ({
      share_pct: reading?.sharePct ?? 0,
      budget_pct: opts.budgetPct,
      throttled: (reading?.minPeriodMs ?? 0) > 0,
    }),
  };
}
