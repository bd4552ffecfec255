/**
 * The rules a value can break, as the server's validation problems name them (`rule`, with its
 * `limit`) and the browser's own checks do, and the one sentence each rule is worded as, in the
 * words of the field's label. Both sides name rules from this list, so a limit is said the same
 * way whoever found it: "Display duration must be at most 300".
 */
export const RULES = Object.freeze({
  required: 'required',
  /** limit: the type expected (`number`, `integer`, `string`, `boolean`, `object`, `array`). */
  type: 'type',
  min: 'min',
  max: 'max',
  exclusiveMin: 'exclusive_min',
  exclusiveMax: 'exclusive_max',
  multipleOf: 'multiple_of',
  minLength: 'min_length',
  maxLength: 'max_length',
  minItems: 'min_items',
  maxItems: 'max_items',
  /** limit: the regular expression. */
  pattern: 'pattern',
  /** limit: the format's name (`time`, `uri`, `email`, `date`, `color`). */
  format: 'format',
  /** limit: the values allowed. */
  oneOf: 'one_of',
  /** A setting the schema does not declare. */
  unknown: 'unknown',
} as const);

export type Rule = (typeof RULES)[keyof typeof RULES];

const ALL: ReadonlySet<string> = new Set(Object.values(RULES));
export const isRule = (v: unknown): v is Rule => typeof v === 'string' && ALL.has(v);

export type Limit = number | string | readonly unknown[] | undefined;

const TYPE_WORDS: Readonly<Record<string, string>> = Object.freeze({
  number: 'a number',
  integer: 'a whole number',
  string: 'text',
  boolean: 'on or off',
  object: 'a group of settings',
  array: 'a list',
});

const FORMAT_WORDS: Readonly<Record<string, string>> = Object.freeze({
  time: 'a time as HH:MM',
  uri: 'a web address',
  url: 'a web address',
  email: 'an email address',
  date: 'a date',
  color: 'a colour as #rrggbb',
});

const count = (n: Limit, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/** The words for a list of allowed values: `a, b or c`. */
function choices(limit: Limit, word: (v: unknown) => string): string {
  const list = Array.isArray(limit) ? limit.map(word) : [String(limit)];
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : (list[0] ?? '');
}

/**
 * One rule in words, starting with the field's label. `word` names an allowed value the way the
 * form shows it (an enum's label); without it values are shown as they are.
 */
export function ruleSentence(
  label: string,
  rule: Rule,
  limit: Limit,
  word: (v: unknown) => string = (v) => String(v),
): string {
  switch (rule) {
    case 'required':
      return `${label} is required`;
    case 'type':
      return `${label} must be ${TYPE_WORDS[String(limit)] ?? String(limit)}`;
    case 'min':
      return `${label} must be at least ${String(limit)}`;
    case 'max':
      return `${label} must be at most ${String(limit)}`;
    case 'exclusive_min':
      return `${label} must be more than ${String(limit)}`;
    case 'exclusive_max':
      return `${label} must be less than ${String(limit)}`;
    case 'multiple_of':
      return `${label} must be a multiple of ${String(limit)}`;
    case 'min_length':
      return `${label} must have at least ${count(limit, 'character')}`;
    case 'max_length':
      return `${label} must have at most ${count(limit, 'character')}`;
    case 'min_items':
      return `${label} needs at least ${count(limit, 'item')}`;
    case 'max_items':
      return `${label} allows at most ${count(limit, 'item')}`;
    case 'pattern':
      return `${label} is not in the expected format`;
    case 'format':
      return `${label} must be ${FORMAT_WORDS[String(limit)] ?? `a valid ${String(limit)}`}`;
    case 'one_of':
      return `${label} must be ${choices(limit, word)}`;
    case 'unknown':
      return `${label} is not a setting Marquee knows`;
  }
}
