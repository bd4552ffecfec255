import type { OperationStep } from '../page-history/operation.ts';

/** One stage of an operation's log: when it began, how long it took, what it said. */
export interface LogStage {
  stage: string | null;
  at: number;
  /** Milliseconds until the next stage began (or the operation ended); null while it runs. */
  tookMs: number | null;
  messages: string[];
  /** The attempt it belongs to (a retried operation logs each attempt's stages). */
  attempt: number;
  /** The row that ended the operation (`finished`, `failed`, `cancelled`), when this is the last stage. */
  ended: string | null;
}

const ENDS = new Set(['finished', 'failed', 'cancelled']);

/**
 * An operation's log rows grouped into stages, each with its duration: consecutive rows of the
 * same stage and attempt are one stage; it lasted until the next stage's first row.
 */
export function logStages(steps: readonly OperationStep[]): LogStage[] {
  const out: LogStage[] = [];
  for (const s of steps) {
    const at = Date.parse(s.at);
    const last = out.at(-1);
    const same = last && last.stage === s.stage && last.attempt === s.attempt && !last.ended;
    if (!same) {
      if (last && last.tookMs === null) last.tookMs = at - last.at;
      out.push({ stage: s.stage, at, tookMs: null, messages: [], attempt: s.attempt, ended: null });
    }
    const stage = out.at(-1)!;
    if (s.message && !stage.messages.includes(s.message)) stage.messages.push(s.message);
    if (ENDS.has(s.type)) {
      stage.ended = s.type;
      stage.tookMs = at - stage.at;
    }
  }
  return out;
}

/** "0.4 s", "12 s", "1 min 5 s". */
export function took(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
