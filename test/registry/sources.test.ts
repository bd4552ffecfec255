import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, isLoopbackHost } from '../../core/platform/net/url-policy.ts';
import { defineSource, normaliseSource } from '../../core/registry/sources.ts';

const BASE = '/srv/marquee';

describe('source normalisation', () => {
  it.each([
    ['https://registry.example.test/plugins.json', 'url', 'https://registry.example.test/plugins.json'],
    ['  HTTPS://Registry.Example.TEST/plugins.json#top ', 'url', 'https://registry.example.test/plugins.json'],
    ['https://registry.example.test:443/a/', 'url', 'https://registry.example.test/a'],
    ['registry.example.test/plugins.json', 'url', 'https://registry.example.test/plugins.json'],
    ['http://127.0.0.1:8080/plugins.json', 'url', 'http://127.0.0.1:8080/plugins.json'],
    ['http://localhost/plugins.json', 'url', 'http://localhost/plugins.json'],
    ['http://[::1]:9/p.json', 'url', 'http://[::1]:9/p.json'],
    ['https://github.com/Acme/Registry', 'github', 'https://github.com/acme/registry'],
    ['https://github.com/acme/registry.git', 'github', 'https://github.com/acme/registry'],
    ['https://github.com/acme/registry/', 'github', 'https://github.com/acme/registry'],
    ['https://www.github.com/acme/registry', 'github', 'https://github.com/acme/registry'],
    ['https://github.com/acme/my.github.io', 'github', 'https://github.com/acme/my.github.io'],
    ['https://github.com/acme/registry/tree/dev', 'github', 'https://github.com/acme/registry'],
    [
      'https://github.com/acme/registry/blob/main/plugins.json',
      'url',
      'https://github.com/acme/registry/raw/main/plugins.json',
    ],
    ['/srv/registry/plugins.json', 'file', '/srv/registry/plugins.json'],
    ['./local/plugins.json', 'file', '/srv/marquee/local/plugins.json'],
    ['file:///srv/registry/plugins.json', 'file', '/srv/registry/plugins.json'],
  ])('%s → %s %s', (input, kind, location) => {
    const n = normaliseSource(input, BASE);
    expect([n.kind, n.location]).toEqual([kind, location]);
  });

  it('a GitHub repository tries main and master × plugins.json and registry.json', () => {
    expect(normaliseSource('https://github.com/acme/registry', BASE).candidates).toEqual([
      'https://github.com/acme/registry/raw/main/plugins.json',
      'https://github.com/acme/registry/raw/main/registry.json',
      'https://github.com/acme/registry/raw/master/plugins.json',
      'https://github.com/acme/registry/raw/master/registry.json',
    ]);
    expect(normaliseSource('https://github.com/acme/registry/tree/dev', BASE).candidates).toEqual([
      'https://github.com/acme/registry/raw/dev/plugins.json',
      'https://github.com/acme/registry/raw/dev/registry.json',
    ]);
  });

  it.each([
    ['http://registry.example.test/plugins.json', 'Plain http is only allowed to this machine'],
    ['ftp://registry.example.test/plugins.json', 'Protocol ftp: is not allowed'],
    ['https://user:secret@registry.example.test/plugins.json', 'URLs with credentials are not allowed'],
    ['https://', 'Not a URL'],
  ])('refuses %s', (input, why) => {
    expect(() => normaliseSource(input, BASE)).toThrow(expect.objectContaining({ code: 'URL_NOT_ALLOWED' }));
    expect(() => normaliseSource(input, BASE)).toThrow(why);
  });

  it('a bad configured source is kept as invalid, not thrown', () => {
    const d = defineSource('http://registry.example.test/x.json', 'settings', BASE);
    expect(d.invalid).toContain('Plain http');
    expect(d.candidates).toEqual([]);
  });

  it('loopback means 127.0.0.0/8, ::1 and localhost only', () => {
    expect(['127.0.0.1', '127.9.9.9', 'localhost', '[::1]', '::1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['128.0.0.1', '10.0.0.1', 'localhost.example.test', '127.0.0.1.example.test'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(() => checkOutboundUrl('http://10.0.0.1/')).toThrow('Plain http');
  });
});
