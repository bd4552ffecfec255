/**
 * Safe mode with the real service: three starts of the web process that crash soon after starting
 * (an uncaught error), then a fourth that comes up in safe mode: the API says so with the last
 * crash's error, the panel notice is up, and the display it starts runs the first-party plugin but
 * not the third-party one.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfig, writePlugin } from '../support/display.ts';
import { startFixtureServer, spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

function device() {
  const root = tempDir();
  const plugins = path.join(root, 'plugins');
  writePlugin(plugins, 'firstparty');
  const third = writePlugin(plugins, 'thirdparty');
  fs.writeFileSync(
    path.join(third, '.marquee-install.json'),
    JSON.stringify({ source: 'registry', installed_at: '2030-01-01T00:00:00.000Z' }),
  );
  writeConfig(path.join(root, 'config'), { firstparty: { enabled: true }, thirdparty: { enabled: true } });
  return {
    root,
    env: {
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: plugins,
      MARQUEE_BUILTIN_PLUGINS_DIR: plugins,
      MARQUEE_DISPLAY_FLUSH_MS: '500',
      MARQUEE_LOG_LEVEL: 'info',
    },
  };
}

/** The display's running plugins, from its heartbeat. */
function displayPlugins(dataDir: string): string[] | null {
  const db = new Database(path.join(dataDir, 'marquee.db'), { readonly: true });
  try {
    const row = db.prepare("SELECT info FROM heartbeats WHERE process = 'display'").get() as
      { info: string } | undefined;
    return row ? Object.keys(JSON.parse(row.info).plugins ?? {}).sort() : null;
  } finally {
    db.close();
  }
}

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('safe mode after a crash loop of the real service', () => {
  it('three crashing starts, then a start in safe mode; the user ends it', async () => {
    const d = device();
    for (let i = 0; i < 3; i++) {
      const crashing = spawnNode('test/fixtures/fixture-server.ts', {
        args: ['--no-display', '--crash-after-listen'],
        env: { ...d.env, PORT: '0', MARQUEE_HOST: '127.0.0.1' },
      });
      const exit = await crashing.exited;
      expect(exit.code).not.toBe(0);
      expect(crashing.stderr()).toContain('fixture crash after listening');
    }
    const server = await startFixtureServer({ env: d.env });
    expect(server.logs.some((l) => l.msg === 'safe mode: third-party plugins are paused after repeated crashes')).toBe(
      true,
    );
    const state = (await (await fetch(`${server.url}/api/v3/system/safe-mode`)).json()).data;
    expect(state).toMatchObject({
      active: true,
      process: 'web',
      reason: 'Error: fixture crash after listening',
      paused_plugins: ['thirdparty'],
    });
    expect(
      await until(
        () => displayPlugins(d.env.MARQUEE_DATA_DIR),
        (p) => !!p?.length,
        'the display',
      ),
    ).toEqual(['firstparty']);
    const db = new Database(path.join(d.env.MARQUEE_DATA_DIR, 'marquee.db'), { readonly: true });
    expect(db.prepare('SELECT key, text FROM panel_notices').all()).toEqual([{ key: 'safe-mode', text: 'SAFE MODE' }]);
    db.close();

    const res = await fetch(`${server.url}/api/v3/system/safe-mode/exit`, { method: 'POST' });
    expect((await res.json()).data.active).toBe(false);
    expect(
      await until(
        () => displayPlugins(d.env.MARQUEE_DATA_DIR),
        (p) => p?.length === 2,
        'both plugins',
      ),
    ).toEqual(['firstparty', 'thirdparty']);
  }, 90_000);
});
