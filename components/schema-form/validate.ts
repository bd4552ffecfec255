import { RULES, type Rule } from '../../shared/validation-rules.ts';
import type { Problem } from '../lib/api-error.ts';
import type { SecretEdits } from './changes.ts';
import { getIn, pathKey, type Path } from './paths.ts';
import { enumLabel, fieldKind, isHidden, itemSchema, orderedKeys, type JsonSchema } from './schema.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A problem the form found itself, naming the rule it broke (shared/validation-rules.ts) so it is
 * worded exactly as the same rule broken on the server: "Display duration must be at most 300".
 */
const problem = (
  path: Path,
  message: string,
  rule?: { rule: Rule; limit?: unknown },
  expected?: string,
  received?: unknown,
): Problem => ({
  field: pathKey(path),
  message,
  ...(rule ?? {}),
  ...(expected ? { expected } : {}),
  ...(received !== undefined ? { received: JSON.stringify(received) } : {}),
});
const r = (rule: Rule, limit?: unknown) => ({ rule, limit });

function checkString(s: JsonSchema, v: string, path: Path, kind: string): Problem[] {
  if (kind === 'time' && v && !TIME.test(v))
    return [problem(path, 'Enter a time as HH:MM', r(RULES.format, 'time'), 'HH:MM', v)];
  if (kind === 'color-hex' && v && !HEX.test(v))
    return [problem(path, 'Enter a colour as #rrggbb', r(RULES.format, 'color'), '#rrggbb', v)];
  if (s.minLength !== undefined && v.length < s.minLength)
    return [problem(path, `Enter at least ${plural(s.minLength, 'character')}`, r(RULES.minLength, s.minLength))];
  if (s.maxLength !== undefined && v.length > s.maxLength)
    return [problem(path, `Enter at most ${plural(s.maxLength, 'character')}`, r(RULES.maxLength, s.maxLength))];
  if (s.pattern && v && !safeTest(s.pattern, v))
    return [problem(path, 'Value has the wrong format', r(RULES.pattern, s.pattern), s.pattern, v)];
  return [];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern).test(v);
  } catch {
    return true;
  }
}

function checkNumber(s: JsonSchema, v: number, path: Path, integer: boolean): Problem[] {
  if (integer && !Number.isInteger(v))
    return [problem(path, 'Enter a whole number', r(RULES.type, 'integer'), 'an integer', v)];
  if (s.minimum !== undefined && v < s.minimum)
    return [problem(path, `Must be at least ${s.minimum}`, r(RULES.min, s.minimum))];
  if (s.maximum !== undefined && v > s.maximum)
    return [problem(path, `Must be at most ${s.maximum}`, r(RULES.max, s.maximum))];
  if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum)
    return [problem(path, `Must be more than ${s.exclusiveMinimum}`, r(RULES.exclusiveMin, s.exclusiveMinimum))];
  if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum)
    return [problem(path, `Must be less than ${s.exclusiveMaximum}`, r(RULES.exclusiveMax, s.exclusiveMaximum))];
  return [];
}

function checkArray(s: JsonSchema, v: unknown[], path: Path, edits: SecretEdits): Problem[] {
  if (s.minItems !== undefined && v.length < s.minItems)
    return [problem(path, `Add at least ${s.minItems}`, r(RULES.minItems, s.minItems))];
  if (s.maxItems !== undefined && v.length > s.maxItems)
    return [problem(path, `At most ${s.maxItems} allowed`, r(RULES.maxItems, s.maxItems))];
  const item = itemSchema(s);
  return v.flatMap((x, i) => check(item, x, [...path, i], edits));
}

/** Problems with `value` against `schema`, each with the dotted path of its field. */
export function check(s: JsonSchema, value: unknown, path: Path, edits: SecretEdits): Problem[] {
  const kind = fieldKind(s);
  if (value === undefined || value === null || kind === 'unsupported' || kind === 'secret') return [];
  switch (kind) {
    case 'object': {
      const missing = (s.required ?? [])
        .filter((k) => s.properties?.[k] && !isHidden(s.properties[k]!))
        .filter((k) => isMissing(s.properties![k]!, getIn(value, [k]), [...path, k], edits));
      const nested = orderedKeys(s)
        .filter((k) => !missing.includes(k))
        .flatMap((k) => check(s.properties![k]!, getIn(value, [k]), [...path, k], edits));
      return [...missing.map((k) => problem([...path, k], 'Required', r(RULES.required))), ...nested];
    }
    case 'number':
    case 'integer':
      return typeof value === 'number'
        ? checkNumber(s, value, path, kind === 'integer')
        : [problem(path, 'Enter a number', r(RULES.type, 'number'), kind, value)];
    case 'enum':
      return s.enum!.some((e) => e === value)
        ? []
        : [
            problem(
              path,
              `Choose one of ${s.enum!.map((e) => enumLabel(s, e)).join(', ')}`,
              r(RULES.oneOf, s.enum),
              undefined,
              value,
            ),
          ];
    case 'color-rgb':
      return Array.isArray(value) && value.length === 3 && value.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)
        ? []
        : [problem(path, 'Choose a colour', undefined, '[r, g, b] with 0–255', value)];
    case 'list':
    case 'checkbox-group':
    case 'table':
      return Array.isArray(value)
        ? checkArray(s, value, path, edits)
        : [problem(path, 'Expected a list', r(RULES.type, 'array'))];
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : [problem(path, 'Expected on or off', r(RULES.type, 'boolean'), 'boolean', value)];
    default:
      return typeof value === 'string'
        ? checkString(s, value, path, kind)
        : [problem(path, 'Expected text', r(RULES.type, 'string'))];
  }
}

function isMissing(s: JsonSchema, v: unknown, path: Path, edits: SecretEdits): boolean {
  if (fieldKind(s) === 'secret') {
    const edit = edits.get(pathKey(path));
    return edit === null || (edit === undefined && (typeof v !== 'string' || v === ''));
  }
  return v === undefined || v === null || v === '';
}
