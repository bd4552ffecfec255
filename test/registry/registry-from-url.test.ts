import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { entry, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const PATH = '/api/v3/plugins/registry-from-url';

async function post(body: unknown) {
  const { app } = await testApp(testDeps({ 'github.enrich': false }));
  const res = await app.request(PATH, jsonInit('POST', body));
  return { status: res.status, body: await res.json() };
}

describe('POST /api/v3/plugins/registry-from-url', () => {
  it("lists a registry's valid plugins in the store's shape, with the entries it skipped, and saves nothing", async () => {
    const doc = smallRegistry([
      entry('clock', { plugin_path: 'plugins/ledmatrix-clock' }),
      { id: 'Bad Id', name: 'x' },
    ]);
    upstream.use(http.get('https://lists.example.test/plugins.json', () => HttpResponse.text(doc)));
    const deps = testDeps({ 'github.enrich': false });
    const { app } = await testApp(deps);
    const res = await app.request(PATH, jsonInit('POST', { repo_url: 'https://lists.example.test/plugins.json' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.registry_url).toBe('https://lists.example.test/plugins.json');
    expect(body.data.plugins).toEqual([
      expect.objectContaining({ id: 'clock', name: 'Plugin clock', runtime: 'python', runnable: true }),
    ]);
    expect(body.data.skipped).toEqual([expect.objectContaining({ index: 1, id: 'Bad Id' })]);
    expect(deps.registry.sources().map((s) => s.def.id)).toEqual(['builtin']);
  });

  it('reads plugins.json from a GitHub repository URL', async () => {
    const doc = smallRegistry([entry('one')]);
    upstream.use(http.get('https://github.com/acme/boards/raw/main/plugins.json', () => HttpResponse.text(doc)));
    const { status, body } = await post({ repo_url: 'https://github.com/acme/boards' });
    expect(status).toBe(200);
    expect(body.data.plugins.map((p: { id: string }) => p.id)).toEqual(['one']);
  });

  it('refuses bad input with the field, what was expected and what came', async () => {
    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(missing.body.context.problems[0]).toMatchObject({ field: 'repo_url', received: 'nothing' });
    const notUrl = await post({ repo_url: 'just words' });
    expect(notUrl.status).toBe(400);
    expect(notUrl.body.context.problems[0]).toMatchObject({ field: 'repo_url', received: '"just words"' });
    const file = await post({ repo_url: 'file:///etc/passwd' });
    expect(file).toMatchObject({ status: 400, body: { error_code: 'URL_NOT_ALLOWED' } });
    const plain = await post({ repo_url: 'http://lists.example.test/plugins.json' });
    expect(plain).toMatchObject({ status: 400, body: { error_code: 'URL_NOT_ALLOWED' } });
  });

  it('a URL without a registry is REGISTRY_INVALID saying what it read', async () => {
    upstream.use(
      http.get('https://lists.example.test/none.json', () => new HttpResponse(null, { status: 404 })),
      http.get('https://lists.example.test/page.json', () => HttpResponse.text('<html>hello</html>')),
    );
    const none = await post({ repo_url: 'https://lists.example.test/none.json' });
    expect(none.status).toBe(502);
    expect(none.body).toMatchObject({ error_code: 'REGISTRY_INVALID' });
    expect(none.body.message).toMatch(/No registry could be read from https:\/\/lists\.example\.test\/none\.json/);
    const page = await post({ repo_url: 'https://lists.example.test/page.json' });
    expect(page).toMatchObject({
      status: 502,
      body: { error_code: 'REGISTRY_INVALID', message: 'Registry document is not JSON' },
    });
  });
});
