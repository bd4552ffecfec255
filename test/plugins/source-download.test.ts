import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { downloadArchive } from '../../core/plugins/download.ts';
import { registrySource, urlSource } from '../../core/plugins/source.ts';
import type { RegistryEntry } from '../../core/registry/registry-format.ts';
import { testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();

const entry = (extra: Partial<RegistryEntry> = {}): RegistryEntry => ({
  id: 'demo',
  name: 'Demo',
  description: '',
  author: '',
  category: '',
  tags: [],
  repo: 'https://code.example.test/o/demo.git',
  branch: 'dev',
  plugin_path: '',
  latest_version: '1.1.0',
  versions: [],
  stars: 0,
  downloads: 0,
  last_updated: '',
  verified: false,
  screenshot: '',
  icon: '',
  type: 'plugin',
  source: 'reg',
  ...extra,
});

const urls = (s: { candidates: Array<{ url: string }> }) => s.candidates.map((c) => c.url);
const R = 'https://code.example.test/o/demo';

describe('where an archive comes from', () => {
  it.each([
    [
      'a repository: its branch, then main, then master',
      entry(),
      {},
      [`${R}/archive/refs/heads/dev.zip`, `${R}/archive/refs/heads/main.zip`, `${R}/archive/refs/heads/master.zip`],
    ],
    [
      'a requested branch first',
      entry(),
      { branch: 'feature/x' },
      [
        `${R}/archive/refs/heads/feature/x.zip`,
        `${R}/archive/refs/heads/dev.zip`,
        `${R}/archive/refs/heads/main.zip`,
        `${R}/archive/refs/heads/master.zip`,
      ],
    ],
    [
      'the latest listed version’s download_url',
      entry({ versions: [{ version: '1.1.0', download_url: 'https://f.example.test/1.1.0.zip' }] }),
      {},
      ['https://f.example.test/1.1.0.zip'],
    ],
    [
      'download_url_template with the latest version',
      entry({ download_url_template: 'https://f.example.test/v{version}.zip' }),
      {},
      ['https://f.example.test/v1.1.0.zip'],
    ],
    [
      'a pinned version: its tag',
      entry(),
      { version: '1.0.0' },
      [`${R}/archive/refs/tags/v1.0.0.zip`, `${R}/archive/refs/tags/1.0.0.zip`],
    ],
    [
      'a monorepo: branch archives, whatever versions say',
      entry({
        plugin_path: 'plugins/demo',
        branch: null,
        versions: [{ version: '1.1.0', download_url: 'https://f.example.test/x.zip' }],
      }),
      {},
      [`${R}/archive/refs/heads/main.zip`, `${R}/archive/refs/heads/master.zip`],
    ],
  ])('%s', (_what, e, opts, expected) => {
    expect(urls(registrySource(e, opts))).toEqual(expected);
  });

  it('a pinned version the registry cannot locate is PLUGIN_NOT_FOUND; an entry with no location cannot install', () => {
    expect(() => registrySource(entry({ repo: '' }), { version: '9.9.9' })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_NOT_FOUND' }),
    );
    expect(() => registrySource(entry({ repo: '' }))).toThrow(
      expect.objectContaining({ code: 'PLUGIN_INSTALL_FAILED' }),
    );
  });

  it('a URL: a .zip link as is, a repository by branch', () => {
    expect(urls(urlSource({ repo_url: 'https://f.example.test/p.zip' }))).toEqual(['https://f.example.test/p.zip']);
    const repo = urlSource({ repo_url: `${R}.git/`, branch: 'b', plugin_path: 'plugins/x' });
    expect(urls(repo)).toEqual([
      `${R}/archive/refs/heads/b.zip`,
      `${R}/archive/refs/heads/main.zip`,
      `${R}/archive/refs/heads/master.zip`,
    ]);
    expect(repo).toMatchObject({ pluginPath: 'plugins/x', origin: { source: 'url', repo: R } });
  });
});

describe('downloading an archive', () => {
  const candidate = { url: 'https://f.example.test/a.zip', label: 'the archive' };

  it.each([
    [429, 'UPSTREAM_RATE_LIMITED', true],
    [503, 'API_ERROR', true],
    [401, 'PLUGIN_INSTALL_FAILED', false],
  ])('status %i → %s (transient: %s)', async (status, code, transient) => {
    const deps = testDeps();
    upstream.use(http.get(candidate.url, () => new HttpResponse(null, { status })));
    const p = downloadArchive(deps, [candidate], path.join(tempDir(), 'a.zip'), { maxBytes: 1_000, timeoutMs: 5_000 });
    await expect(p).rejects.toMatchObject({ code, transient });
  });
});
