/**
 * Plugin settings against their JSON Schema (draft-07) with Ajv: one validator instance per
 * process, compiled schemas cached by the schema cache. Errors become problems that name the field
 * path, the expectation and the received value — hidden when the field is secret.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Logger } from '../../platform/log.ts';
import { preview, type Problem } from '../../platform/validation.ts';
import { clip } from '../../platform/text.ts';
import { RULES, type Limit, type Rule } from '../../../shared/validation-rules.ts';
import { getPath } from '../plan/merge.ts';
import { isSecretPath, type SecretTree } from '../secrets/tree.ts';
import type { JsonObject } from '../types.ts';

// Ajv and its formats are loaded synchronously on first use rather than at start: they cost the
// web process several MB and are needed only once a plugin's settings are validated.
const loadCommonJs = createRequire(import.meta.url);

export function createAjv(log: Logger): Ajv {
  const { Ajv: AjvClass } = loadCommonJs('ajv') as typeof import('ajv');
  const addFormats = loadCommonJs('ajv-formats') as { default: (ajv: Ajv) => Ajv };
  // strict off: plugin schemas carry x-* widget hints and formats Ajv does not know.
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    logger: { log: () => {}, warn: (m: unknown) => log.debug('plugin schema', { note: String(m) }), error: () => {} },
  });
  addFormats.default(ajv);
  // LEDMatrix plugins use format "time" for wall-clock times such as "07:30" (no seconds or zone).
  ajv.addFormat('time', /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/);
  return ajv;
}

export function compileSchema(ajv: Ajv, schema: JsonObject): ValidateFunction {
  return ajv.compile(schema);
}

function expectation(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'a value (required)';
    case 'additionalProperties':
      return 'no such setting (not in the plugin schema)';
    case 'type':
      return `type ${String(p.type)}`;
    case 'enum':
      return `one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `exactly ${JSON.stringify(p.allowedValue)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${String(p.comparison)} ${String(p.limit)}`;
    case 'format':
      return `a ${String(p.format)}`;
    default:
      return (e.message ?? e.keyword).replace(/^must /, '');
  }
}

const MAX_FIELD = 200;

const RULE_OF: Readonly<Record<string, Rule>> = Object.freeze({
  required: RULES.required,
  additionalProperties: RULES.unknown,
  type: RULES.type,
  enum: RULES.oneOf,
  const: RULES.oneOf,
  minimum: RULES.min,
  maximum: RULES.max,
  exclusiveMinimum: RULES.exclusiveMin,
  exclusiveMaximum: RULES.exclusiveMax,
  multipleOf: RULES.multipleOf,
  minLength: RULES.minLength,
  maxLength: RULES.maxLength,
  minItems: RULES.minItems,
  maxItems: RULES.maxItems,
  pattern: RULES.pattern,
  format: RULES.format,
});

/** The rule an Ajv error broke and its limit, in the words both the server and the UI use. */
function ruleOf(e: ErrorObject): Pick<Problem, 'rule' | 'limit'> {
  const rule = RULE_OF[e.keyword];
  if (!rule) return {};
  const p = e.params as Record<string, unknown>;
  const limit: Limit =
    e.keyword === 'type'
      ? String(p.type)
      : e.keyword === 'enum'
        ? (p.allowedValues as unknown[])
        : e.keyword === 'const'
          ? [p.allowedValue]
          : ((p.limit ?? p.multipleOf ?? p.pattern ?? p.format) as Limit);
  return limit === undefined ? { rule } : { rule, limit };
}

/** Problems from Ajv errors; `prefix` is prepended to field paths (e.g. the plugin id). */
export function toPluginProblems(
  errors: readonly ErrorObject[],
  data: unknown,
  tree: SecretTree | undefined,
  prefix = '',
): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors) {
    const base = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extra =
      (e.params as Record<string, unknown>).missingProperty ?? (e.params as Record<string, unknown>).additionalProperty;
    const path = typeof extra === 'string' ? [...base, extra] : base;
    const indexed = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const value = e.keyword === 'required' ? undefined : getPath(data, indexed);
    // A key can be as long as the body: the field names it, but never at length.
    const field = clip([prefix, ...path].filter(Boolean).join('.'), MAX_FIELD) || '(root)';
    const expected = expectation(e);
    const received = isSecretPath(tree, indexed) && value !== undefined ? '(hidden)' : preview(value);
    const key = `${field}|${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message = `Field '${field}': expected ${expected}, received ${received}`;
    out.push({ field, expected, received, message, ...ruleOf(e) });
  }
  return out;
}
