import { createInterface } from 'node:readline';
import { createLogBudget } from './log-budget.ts';
import type { PluginLogLevel } from './messages.ts';

/**
 * What a host prints outside the protocol (stdout, stderr): its log lines, within a budget so a
 * chatty plugin cannot flood the journal, and its last error lines, which explain a crash.
 */
export function createHostOutput(log: (level: PluginLogLevel, line: string) => void) {
  const budget = createLogBudget(() => Date.now(), 40);
  const last: string[] = [];
  return {
    read(stream: NodeJS.ReadableStream | null, level: PluginLogLevel) {
      if (!stream) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (/^FATAL ERROR|out of memory|^\w*Error\b/.test(line)) {
          last.push(line.slice(0, 300));
          last.splice(0, last.length - 3);
        }
        if (budget.take((n) => log('warn', `host output: ${n} lines dropped`))) log(level, line.slice(0, 2_000));
      });
    },
    /** How the host ended, in words: the signal or exit code, and what it last said about it. */
    describeExit(code: number | null, signal: string | null): { reason: string; outOfMemory: boolean } {
      const said = last.length ? ` (${last.join('; ')})` : '';
      return {
        reason: `${signal ? `host killed by ${signal}` : `host exited with code ${code}`}${said}`,
        outOfMemory: last.some((l) => /heap out of memory|Allocation failed/i.test(l)),
      };
    },
  };
}
