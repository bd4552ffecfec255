/**
 * Requests that once stalled the server (or crashed it with a 500), each at the body limit, against
 * the real server in its own process: every one is refused with a 400 that names the problem, is
 * handled in time linear in its size (compared with a plain request of the same size, sent just
 * before, as a ratio with a wide margin), and health answers right after.
 */
import { describe, expect, it } from 'vitest';
import { sendRaw, type RawAnswer, type RawRequest } from '../support/fuzz/raw-client.ts';
import { BODY_LIMIT, startHostileServer, type HostileServer } from '../support/fuzz/server.ts';

/**
 * How many times slower than a same-size plain request a hostile one may be. Work that is not
 * linear in a megabyte (what stalled the server) is thousands of times slower.
 */
const LINEAR_RATIO = 10;
const STALLED_MS = 15_000;
const NEAR_LIMIT = BODY_LIMIT - 1024;

type Answer = RawAnswer & { json: Record<string, any> };

/** Runs `fn` against a fresh server; a server that stops answering is killed, not waited for. */
async function withServer(fn: (send: (req: RawRequest) => Promise<Answer>) => Promise<void>) {
  const s: HostileServer = await startHostileServer({ display: false });
  let stalled = false;
  const send = async (req: RawRequest): Promise<Answer> => {
    const a = await sendRaw(s.port, req, STALLED_MS);
    stalled ||= a.timedOut;
    expect(a.timedOut, `${req.method} ${req.target} answered`).toBe(false);
    return { ...a, json: JSON.parse(a.body) as Record<string, any> };
  };
  try {
    await fn(send);
  } finally {
    await s.stop({ stalled });
  }
}

const json = (method: string, target: string, text: string): RawRequest => ({
  method,
  target,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
});
const form = (target: string, text: string): RawRequest => ({
  method: 'POST',
  target,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(text),
});

/** A value `depth` levels deep (objects around a list). */
const deep = (depth: number) => '{"x":'.repeat(depth - 1) + '[1]' + '}'.repeat(depth - 1);

type Send = (r: RawRequest) => Promise<Answer>;

/** The slowest of three plain requests of `size` bytes (a body that is not an object, refused once parsed). */
async function plainMs(send: Send, size: number): Promise<number> {
  const req = json('POST', '/api/v3/config/main', JSON.stringify('A'.repeat(Math.max(0, size - 2))));
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push((await send(req)).ms);
  return Math.max(...times);
}

/**
 * `first` (an answer to `req`) took time linear in its size. A slow answer is sent again up to
 * twice: a pause of the machine passes, work that is not linear comes back each time.
 */
async function expectLinear(send: Send, req: RawRequest, first: Answer) {
  const bound = LINEAR_RATIO * (await plainMs(send, req.body?.length ?? 0));
  const times = [first.ms];
  while (Math.min(...times) > bound && times.length < 3) times.push((await send(req)).ms);
  expect(Math.min(...times), `${req.method} ${req.target}: ms against ${bound} ms`).toBeLessThanOrEqual(bound);
}

async function expectRefused(send: Send, req: RawRequest, code: string, says: RegExp) {
  const a = await send(req);
  expect(a.status, a.body.slice(0, 300)).toBe(400);
  expect(a.json.error_code).toBe(code);
  expect(a.json.message).toMatch(says);
  // What was sent is quoted, never echoed at length.
  expect(a.body.length).toBeLessThan(20_000);
  await expectLinear(send, req, a);
  const health = await send({ method: 'GET', target: '/api/v3/health', headers: {} });
  expect(health.status).toBe(200);
}

describe('requests that once stalled the server, at the body limit', () => {
  it('are answered in linear time: refused with a 400 naming the problem (a repeated field is saved), health answering after each', () =>
    withServer(async (send) => {
      const web = JSON.stringify({ web: 'A'.repeat(NEAR_LIMIT - 20) });
      await expectRefused(
        send,
        json('POST', '/api/v3/config/main', web),
        'CONFIG_VALIDATION_FAILED',
        /web: expected an object/,
      );
      for (const url of [
        `https://x.example.test/${'a'.repeat(NEAR_LIMIT - 60)}`,
        `https://x.example.test${'/'.repeat(NEAR_LIMIT - 60)}a`,
      ]) {
        const body = JSON.stringify({ repo_url: url });
        await expectRefused(
          send,
          json('DELETE', '/api/v3/plugins/saved-repositories', body),
          'VALIDATION_ERROR',
          /<=2048/,
        );
      }
      // 1,000 dotted parts; 101 parts in under 256 characters; a name a megabyte long.
      await expectRefused(
        send,
        form('/api/v3/config/main', `${'a.'.repeat(999)}b=1`),
        'INPUT_LIMIT_EXCEEDED',
        /256 characters/,
      );
      await expectRefused(
        send,
        form('/api/v3/config/main', `${'a.'.repeat(100)}b=1`),
        'INPUT_LIMIT_EXCEEDED',
        /32 dot-separated parts/,
      );
      const longName = form('/api/v3/plugins/config?plugin_id=weather', `${'a'.repeat(NEAR_LIMIT)}=1`);
      await expectRefused(send, longName, 'INPUT_LIMIT_EXCEEDED', /256 characters/);
      const digits = form('/api/v3/config/main', `display.hardware.rows=${'9'.repeat(NEAR_LIMIT - 40)}x`);
      await expectRefused(send, digits, 'CONFIG_VALIDATION_FAILED', /display\.hardware\.rows/);
      // One field sent 40,000 times for one value: the last one counts, read in one pass.
      const many = form('/api/v3/config/main', 'display.hardware.rows=9&'.repeat(Math.floor(NEAR_LIMIT / 24)));
      const repeated = await send(many);
      expect(repeated.status).toBe(200);
      await expectLinear(send, many, repeated);
    }));
});

describe('nesting beyond 64 levels', () => {
  const routes: Array<[target: string, wrap: (inner: string) => string]> = [
    ['/api/v3/config/main', (inner) => `{"web":${inner}}`],
    ['/api/v3/config/schedule', (inner) => `{"days":${inner}}`],
    ['/api/v3/config/dim-schedule', (inner) => `{"days":${inner}}`],
    ['/api/v3/config/raw/main', (inner) => `{"web":${inner}}`],
    ['/api/v3/config/raw/secrets', (inner) => `{"plain":${inner}}`],
    ['/api/v3/plugins/config', (inner) => `{"plugin_id":"plain","config":${inner}}`],
  ];

  it('is refused with 400 INPUT_LIMIT_EXCEEDED naming the limit on every settings endpoint, before anything recursive sees it', () =>
    withServer(async (send) => {
      for (const [target, wrap] of routes)
        for (const depth of [3_000, 20_000, Math.floor(NEAR_LIMIT / 6)])
          await expectRefused(
            send,
            json('POST', target, wrap(deep(depth))),
            'INPUT_LIMIT_EXCEEDED',
            /deeper than 64 levels/,
          );
    }));

  it('is accepted up to 64 levels in all (the outer object counts), and refused inside a form value too', () =>
    withServer(async (send) => {
      const save = (depth: number) =>
        json('POST', '/api/v3/plugins/config', `{"plugin_id":"plain","config":${deep(depth - 1)}}`);
      expect((await send(save(64))).status).toBe(200);
      const refused = await send(save(65));
      expect(refused.status).toBe(400);
      expect(refused.json.context).toMatchObject({ limit: 'nesting_depth', max: 64 });
      const inForm = form(
        '/api/v3/plugins/config?plugin_id=weather',
        `config=${encodeURIComponent(deep(100))}&enabled=on`,
      );
      await expectRefused(send, inForm, 'INPUT_LIMIT_EXCEEDED', /form value is nested deeper than 64/);
    }));
});
