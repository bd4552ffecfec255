import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../core/http/static-files.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

/** A small built UI in a temp folder, shaped as scripts/build-ui.mjs writes it. */
function fixtureUi() {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'assets'));
  const html = '<!doctype html><script type="module" src="assets/app-ABC123.js"></script>';
  const js = 'console.log("marquee");'.repeat(50);
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  fs.writeFileSync(path.join(dir, 'index.html.gz'), zlib.gzipSync(html));
  fs.writeFileSync(path.join(dir, 'assets', 'app-ABC123.js'), js);
  fs.writeFileSync(path.join(dir, 'assets', 'app-ABC123.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'plain-XYZ.css'), 'body{}');
  return { dir, html, js };
}

async function setup(uiDir: string) {
  return (await testApp(testDeps({ uiDir }))).app;
}

describe('GET / serves the page', () => {
  it('with no-cache, an ETag, a strict Content-Security-Policy and the HTML', async () => {
    const ui = fixtureUi();
    const app = await setup(ui.dir);
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(ui.html);
  });

  it('answers 304 when the browser sends the current ETag', async () => {
    const app = await setup(fixtureUi().dir);
    const etag = (await app.request('/')).headers.get('etag')!;
    const res = await app.request('/', { headers: { 'if-none-match': `W/${etag}` } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('sends the gzip twin to a client that accepts gzip', async () => {
    const ui = fixtureUi();
    const app = await setup(ui.dir);
    const res = await app.request('/', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(zlib.gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(ui.html);
  });

  it('answers 503 UI_NOT_BUILT with the fix when the UI was never built', async () => {
    const app = await setup(path.join(tempDir(), 'missing'));
    const res = await app.request('/');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'error', error_code: 'UI_NOT_BUILT' });
    expect(body.suggested_fixes).toContain('Run npm run build');
  });
});

describe('GET /assets/:file serves hashed assets', () => {
  it('with a year-long immutable cache and the right type', async () => {
    const ui = fixtureUi();
    const app = await setup(ui.dir);
    const res = await app.request('/assets/app-ABC123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe(ui.js);
  });

  it('gzipped when accepted, plain when the file has no gzip twin', async () => {
    const app = await setup(fixtureUi().dir);
    const js = await app.request('/assets/app-ABC123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const css = await app.request('/assets/plain-XYZ.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(await css.text()).toBe('body{}');
  });

  it('unknown asset → 404 NOT_FOUND naming the file', async () => {
    const app = await setup(fixtureUi().dir);
    const res = await app.request('/assets/app-NOPE.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error_code: 'NOT_FOUND', context: { file: 'app-NOPE.js' } });
  });

  it.each(['.hidden.js', '..%2Findex.html', '%2E%2E%2Fsecrets', 'a%00b.js'])(
    'a name that is not a plain file name (%s) is refused, never read from outside assets/',
    async (name) => {
      const app = await setup(fixtureUi().dir);
      const res = await app.request(`/assets/${name}`);
      expect([400, 404]).toContain(res.status);
      const body = await res.json();
      expect(['VALIDATION_ERROR', 'NOT_FOUND']).toContain(body.error_code);
      if (res.status === 400) expect(body.context.problems[0]).toMatchObject({ in: 'params', field: 'file' });
    },
  );
});

describe('acceptsGzip reads Accept-Encoding', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['', false],
    ['x-gzip-nope', false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
