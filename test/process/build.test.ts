import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { line, spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);

describe('production bundle', () => {
  it('npm run build writes dist/server.mjs, and the bundled server starts and answers health', async () => {
    const startedAt = Date.now();
    await run('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT });
    for (const out of ['server.mjs', 'display.mjs']) {
      const file = path.join(PROJECT_ROOT, 'dist', out);
      expect(fs.statSync(file).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1_000);
      // One character beyond Latin-1 makes V8 keep the whole bundle's source at two bytes a character.
      const wide = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /[^\x00-\xff]/.test(l));
      expect(wide).toEqual([]);
    }

    const root = tempDir();
    const server = spawnNode('dist/server.mjs', {
      env: {
        PORT: '0',
        MARQUEE_DATA_DIR: path.join(root, 'data'),
        MARQUEE_CONFIG_DIR: path.join(root, 'config'),
        MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
        MARQUEE_DISPLAY_BACKEND: 'emulator',
      },
    });
    const url = String((await server.waitForLog(line.msg('listening'))).url);
    // The bundled display child (dist/display.mjs) starts too, so every check can pass.
    await server.waitForLog(line.displayStarted);

    const res = await fetch(`${url}/api/v3/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('success');
    expect(body.data.status).toBe('healthy');
    expect(body.data.checks).toMatchObject({
      database: { status: 'ok' },
      config_dir: { status: 'ok' },
      tasks: { status: 'ok' },
      display: { status: 'ok' },
    });
  });
});
