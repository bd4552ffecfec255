/**
 * Credential redaction for anything that may reach a log line or a response: URL userinfo,
 * `Authorization` values and `key=value` / `key: value` / `"key": "value"` pairs whose key names a
 * credential. Applied at the edges (logger, error envelope), so callers cannot forget it.
 */
// A bare `key` is not in the list: it names map keys and operation keys far more often than
// credentials, and validation messages start with it ("Invalid key: Expected never but received
// ..."). Key names that do hold credentials say what kind of key they are.
const SECRET_KEY =
  '(?:api[_-]?key|apikey|(?:private|secret|access|client|signing|encryption|license)[_-]?key|access[_-]?token|refresh[_-]?token|auth|authorization|passwd|password|pwd|secret|client[_-]?secret|sig|signature|token)';

// Each pattern is linear in its input: no quantified group can match the same text two ways, and
// URL userinfo is found by a scan (a regex for it retries the scheme at every letter of a long word).
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization: Bearer abc -> Authorization: Bearer <redacted>
  [/(authorization["']?\s*[:=]\s*["']?)([A-Za-z]+)\s+[^\s"',;]+/gi, '$1$2 <redacted>'],
  // "token": "abc" (JSON)
  [new RegExp(`("${SECRET_KEY}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"<redacted>"'],
  // token=abc, token: abc, ?token=abc
  [new RegExp(`(\\b${SECRET_KEY}\\s*[=:]\\s*)(?!<redacted>|[A-Za-z]+ <redacted>)[^\\s&,;"']+`, 'gi'), '$1<redacted>'],
];

const isSchemeChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
// What `\s` matches, so the scan stops where the patterns it replaces stopped.
const isSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;
const ends = (c: number) => c === 47 || c === 64 || isSpace(c);

/** Whether a scheme (a letter, then letters, digits, `+.-`) ends just before `at`. */
function schemeBefore(text: string, at: number): boolean {
  let letter = false;
  for (let i = at - 1; i >= 0 && isSchemeChar(text.charCodeAt(i)); i--) letter ||= isLetter(text.charCodeAt(i));
  return letter;
}

/**
 * URL userinfo: `scheme://user:password@` keeps the user, `scheme://token@` (a lone user part is
 * often an access token) loses it all. One pass: each `://` is looked at once, and the scan after
 * it stops at the next `/`, so no character is visited more than twice.
 */
function redactUserinfo(text: string): string {
  const out: string[] = [];
  let from = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (!schemeBefore(text, at)) continue;
    const start = at + 3;
    let end = start;
    while (end < text.length && !ends(text.charCodeAt(end))) end++;
    if (end === start || text.charCodeAt(end) !== 64) continue;
    const info = text.slice(start, end);
    const colon = info.indexOf(':');
    if (info === '<redacted>' || colon === 0 || colon === info.length - 1) continue;
    out.push(text.slice(from, start), colon > 0 ? `${info.slice(0, colon)}:<redacted>` : '<redacted>');
    from = end;
  }
  if (from === 0) return text;
  out.push(text.slice(from));
  return out.join('');
}

export function redact(text: string): string {
  let out = text.includes('://') ? redactUserinfo(text) : text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const SECRET_FIELD = new RegExp(`^${SECRET_KEY}$|(?:password|token|secret|api[_-]?key)`, 'i');

/** Deep copy of a plain value with credential-named fields masked and strings redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELD.test(k) && v != null && v !== '' ? '<redacted>' : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** One line, bounded, redacted description of an exception: `Type: message`. */
export function describeError(e: unknown, max = 400): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = redact(text.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
