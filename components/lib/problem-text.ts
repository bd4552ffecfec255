import { isRule, ruleSentence } from '../../shared/validation-rules.ts';
import type { Problem } from './api-error.ts';

/**
 * A problem in the words of the field's label: the rule it broke as one sentence ("Display
 * duration must be at most 300"), whether the server or the browser found it. A problem without a
 * rule (a custom check) keeps its expectation, still under the label. `word` names an allowed value
 * the way the form shows it.
 */
export function problemText(p: Problem, label: string, word?: (v: unknown) => string): string {
  if (isRule(p.rule)) return ruleSentence(label, p.rule, p.limit as never, word);
  // The server's generic wording ("Field 'x': expected …, received …") says the expectation best.
  if (p.expected && /^Field '/.test(p.message)) return `${label} must be ${p.expected}`;
  return `${label}: ${p.message}`;
}
