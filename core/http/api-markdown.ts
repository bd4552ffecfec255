import { ERRORS } from '../platform/errors/catalogue.ts';

type Json = Record<string, any>;

const typeOf = (s: Json | undefined): string => {
  if (!s) return '';
  if (s.enum) return s.enum.map((e: unknown) => JSON.stringify(e)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${typeOf(s.items)}[]`;
  const bounds = [
    s.minimum !== undefined && `≥ ${s.minimum}`,
    s.maximum !== undefined && `≤ ${s.maximum}`,
    s.pattern && `\`${s.pattern}\``,
  ]
    .filter(Boolean)
    .join(', ');
  return `${s.type ?? 'any'}${bounds ? ` (${bounds})` : ''}`;
};

function fieldsTable(schema: Json | undefined): string[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  if (!Object.keys(props).length) return [];
  const required = new Set<string>(schema?.required ?? []);
  return [
    '| field | type | required | description |',
    '|---|---|---|---|',
    ...Object.entries(props).map(
      ([k, p]) => `| \`${k}\` | ${typeOf(p)} | ${required.has(k) ? 'yes' : 'no'} | ${p.description ?? ''} |`,
    ),
    '',
  ];
}

function endpoint(path: string, method: string, op: Json): string[] {
  const lines = [`### ${method.toUpperCase()} \`${path}\``, '', op.summary, ''];
  lines.push(
    Array.isArray(op.security) && !op.security.length
      ? 'Public: answered without signing in.'
      : 'Needs a session or an API token.',
    '',
  );
  if (op.description) lines.push(op.description, '');
  const params = (op.parameters ?? []) as Json[];
  if (params.length) {
    lines.push('| parameter | in | type | required |', '|---|---|---|---|');
    for (const p of params)
      lines.push(`| \`${p.name}\` | ${p.in} | ${typeOf(p.schema)} | ${p.required ? 'yes' : 'no'} |`);
    lines.push('');
  }
  const body = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
  if (body) lines.push(`Body (${Object.keys(op.requestBody.content).join(' or ')}):`, '', ...fieldsTable(body));
  lines.push('| status | meaning |', '|---|---|');
  for (const [status, r] of Object.entries(op.responses as Record<string, Json>))
    lines.push(`| ${status} | ${r.description} |`);
  lines.push('');
  return lines;
}

/** docs/API.md: every endpoint with its input and responses, then the error catalogue. */
export function renderApiMarkdown(doc: Json): string {
  const lines = [
    '# Marquee API',
    '',
    'Generated from the route declarations by `npm run docs:api`; a test fails when this file and the',
    'routes disagree. The same document is served as OpenAPI at `GET /api/v3/openapi.json`.',
    '',
    'Every JSON answer uses one envelope. Success: `{status: "success", data?, message?, metadata:',
    '{response_time_ms, request_id}}`. Error: `{status: "error", error_code, error_category, message,',
    'details?, context?, suggested_fixes?}`; a validation error lists each problem in',
    '`context.problems` as `{in, field, expected, received, message}`.',
    '',
    "With `MARQUEE_AUTH=on` (the default) every endpoint not marked public needs a paired browser's",
    'session cookie or `Authorization: Bearer <token>` (an API token), from any address, or answers',
    '`401 AUTH_REQUIRED`. How pairing works: [README](../README.md#signing-in-pairing-and-api-tokens).',
    '',
    '## Endpoints',
    '',
  ];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) lines.push(...endpoint(path, method, op));
  }
  lines.push(
    '## Error catalogue',
    '',
    '| code | HTTP | category | message | retry later | suggested fixes |',
    '|---|---|---|---|---|---|',
  );
  for (const [code, e] of Object.entries(ERRORS)) {
    lines.push(
      `| \`${code}\` | ${e.status} | ${e.category} | ${e.message} | ${e.transient ? 'yes' : 'no'} | ${e.fixes.join(' · ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}
