/**
 * The fuzz test's requests, planned from the served OpenAPI document: every path with every
 * method (declared ones several times, the others once), each with a query string, headers and a
 * body drawn from ./inputs.ts. Everything comes from the seed, so a failing request replays.
 */
import {
  CONTENT_TYPES,
  formBody,
  fromSchema,
  hostileJson,
  MALFORMED_JSON,
  pathValue,
  queryString,
  randomJson,
} from './inputs.ts';
import type { Random } from './random.ts';
import type { RawRequest } from './raw-client.ts';

type Json = Record<string, any>;
export interface FuzzCase extends RawRequest {
  label: string;
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

interface Limits {
  rounds: number;
  port: number;
  bodyLimit: number;
  /** Requests whose body is near the limit (each costs a megabyte of work). */
  bigBodies: number;
}

function body(r: Random, op: Json | undefined, size: number): { label: string; type?: string; data?: Buffer } {
  const content: Json = op?.requestBody?.content ?? {};
  const schema: Json | undefined = content['application/json']?.schema;
  const names = Object.keys(schema?.properties ?? { value: 1 });
  const key = r.pick(names);
  const json = (label: string, text: string, type = 'application/json') => ({ label, type, data: Buffer.from(text) });
  return r.pick([
    () => ({ label: 'no body' }),
    () => json('schema-shaped', JSON.stringify(fromSchema(r, schema))),
    () => json('schema-shaped', JSON.stringify(fromSchema(r, schema))),
    () => json('any json', JSON.stringify(randomJson(r))),
    () => json('malformed json', r.pick(MALFORMED_JSON)),
    () => {
      const h = hostileJson(r, size, key);
      return json(h.label, h.text);
    },
    () => {
      const f = formBody(r, names);
      return json(`form: ${f.label}`, f.text, 'application/x-www-form-urlencoded');
    },
    () => json('odd content type', JSON.stringify(fromSchema(r, schema)), r.pick(CONTENT_TYPES)),
    () => ({
      label: 'utf-16 json',
      type: 'application/json',
      data: Buffer.from(JSON.stringify({ [key]: 'é' }), 'utf16le'),
    }),
    () => ({
      label: 'invalid utf-8',
      type: r.pick(CONTENT_TYPES),
      data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
    }),
  ])();
}

function headers(r: Random, port: number): { label: string; values: Record<string, string> } {
  const own = `http://127.0.0.1:${port}`;
  return r.pick<{ label: string; values: Record<string, string> }>([
    { label: '', values: {} },
    { label: '', values: {} },
    { label: '', values: {} },
    { label: '', values: {} },
    { label: 'browser, same origin', values: { origin: own, 'sec-fetch-site': 'same-origin' } },
    { label: 'browser, other site', values: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } },
    { label: 'origin null', values: { origin: 'null' } },
    { label: 'rebinding host', values: { host: `evil.example:${port}` } },
    {
      label: 'odd headers',
      values: { 'last-event-id': 'x'.repeat(5_000), 'x-request-id': '<>\u00ff', 'if-none-match': '"'.repeat(3_000) },
    },
    { label: 'accept-encoding', values: { 'accept-encoding': 'gzip;q=0, br, x-unknown, *;q=2' } },
  ]);
}

function target(r: Random, path: string, op: Json | undefined): { label: string; text: string } {
  const filled = path.replace(/\{[^}]+\}/g, () => pathValue(r));
  const names = ((op?.parameters ?? []) as Json[]).filter((p) => p.in === 'query').map((p) => String(p.name));
  const q = queryString(r, names);
  return { label: q.label, text: q.text ? `${filled}?${q.text}` : filled };
}

/** A body near the limit for a route that declares one: hostile JSON, a hostile form, or past the limit. */
function bigBody(r: Random, op: Json, bodyLimit: number): { label: string; type?: string; data?: Buffer } {
  const content: Json = op.requestBody.content;
  const names = Object.keys(content['application/json']?.schema?.properties ?? { value: 1 });
  const size = bodyLimit - 4096;
  const h = hostileJson(r, size, r.pick(names));
  if (content['application/x-www-form-urlencoded'] && r.chance(0.3)) {
    const f = formBody(r, names);
    return { label: `form: ${f.label}`, type: 'application/x-www-form-urlencoded', data: Buffer.from(f.text) };
  }
  if (r.chance(0.1))
    return { label: 'over the limit', type: 'application/json', data: Buffer.from('['.padEnd(bodyLimit + 2, ' ')) };
  return { label: h.label, type: 'application/json', data: Buffer.from(h.text) };
}

export function planCases(doc: Json, r: Random, limits: Limits): FuzzCase[] {
  const cases: FuzzCase[] = [];
  let big = 0;
  for (const path of Object.keys(doc.paths).sort()) {
    const item: Json = doc.paths[path];
    for (const method of METHODS) {
      const op: Json | undefined = item[method.toLowerCase()] ?? (method === 'HEAD' ? item.get : undefined);
      for (let round = 0; round < (op ? limits.rounds : 1); round++) {
        // The first round of each route that takes a body sends one near the limit, as a plain client.
        const wantsBig = round === 0 && op?.requestBody && big < limits.bigBodies;
        const h = wantsBig ? { label: '', values: {} } : headers(r, limits.port);
        const b = wantsBig
          ? (big++, bigBody(r, op, limits.bodyLimit))
          : method === 'GET' || method === 'HEAD'
            ? { label: 'no body' }
            : body(r, op, r.pick([2_000, 64 * 1024]));
        const t = target(r, path, op);
        cases.push({
          method,
          target: t.text,
          headers: { ...(b.type ? { 'content-type': b.type } : {}), ...h.values },
          body: b.data,
          label: [`query: ${t.label}`, `body: ${b.label}`, h.label].filter(Boolean).join(', '),
        });
      }
    }
  }
  cases.push({ method: 'TRACE', target: '/api/v3/health', headers: {}, label: 'odd method' });
  cases.push({
    method: 'GET',
    target: `/api/v3/${'%2e%2e/'.repeat(200)}etc/passwd`,
    headers: {},
    label: 'dot segments',
  });
  return cases;
}
