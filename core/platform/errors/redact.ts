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

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // scheme://user:password@host → scheme://user:<redacted>@host
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, '$1:<redacted>@'],
  // scheme://token@host → scheme://<redacted>@host: a lone user part is often an access token
  [/([a-z][a-z0-9+.-]*:\/\/)(?!<redacted>@)[^\s:/@]+@/gi, '$1<redacted>@'],
  // Authorization: Bearer abc → Authorization: Bearer <redacted>
  [/(authorization["']?\s*[:=]\s*["']?)([A-Za-z]+)\s+[^\s"',;]+/gi, '$1$2 <redacted>'],
  // "token": "abc" (JSON)
  [new RegExp(`("${SECRET_KEY}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"<redacted>"'],
  // token=abc, token: abc, ?token=abc
  [new RegExp(`(\\b${SECRET_KEY}\\s*[=:]\\s*)(?!<redacted>|[A-Za-z]+ <redacted>)[^\\s&,;"']+`, 'gi'), '$1<redacted>'],
];

export function redact(text: string): string {
  let out = text;
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
