/** How the config files look to health checks and GET /config/main. */
import type { Check } from '../platform/check.ts';
import type { Clock } from '../platform/clock.ts';
import { CONFIG_FILES, type ConfigProblem, type ConfigState } from './types.ts';
import { CORE_SECTION_NAMES, validateCoreSections } from './schema/validate-core.ts';

/** Values in config.json that Marquee's own sections do not accept (a hand edit can put them there). */
export function valueProblems(state: ConfigState, clock: Clock): ConfigProblem[] {
  const problems = validateCoreSections(state.main, CORE_SECTION_NAMES);
  return problems.length
    ? [
        {
          file: CONFIG_FILES.main,
          kind: 'invalid-values',
          message: `${problems.length} setting(s) have values Marquee does not accept: ${problems.map((p) => p.field).join(', ')}`,
          detected_at: new Date(clock.now()).toISOString(),
          problems,
        },
      ]
    : [];
}

/** One line per problem: which file, where, what. */
export function describeProblem(p: ConfigProblem): string {
  const where = p.line ? ` (line ${p.line}, column ${p.column})` : '';
  const serving = `serving ${p.serving ?? 'the last good configuration'}`;
  switch (p.kind) {
    case 'parse':
      return `${p.file} does not parse${where}: ${p.message}; ${serving}`;
    case 'not-object':
      return `${p.file} is not a JSON object; ${serving}`;
    case 'missing':
      return `${p.file} is missing; ${serving}`;
    case 'unreadable':
      return `${p.file} cannot be read (${p.message}); ${serving}; saves that would write it are refused`;
    default:
      return `${p.file}: ${p.message}`;
  }
}

export function configHealth(problems: ConfigProblem[]): Check {
  if (!problems.length) return { status: 'ok', detail: 'config files parse and validate' };
  return { status: 'degraded', detail: problems.map(describeProblem).join('; '), problems };
}
