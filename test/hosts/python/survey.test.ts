import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './host-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

function survey(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ledmatrix-survey.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the LEDMatrix plugin survey script', () => {
  it('runs each plugin folder in the Python host and reports load, update, drawn frames and the first error', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'survey-test-'));
    const config = path.join(tmp, 'settings.json');
    fs.writeFileSync(config, JSON.stringify({ 'hello-text': { message: 'Survey' } }));
    const json = path.join(tmp, 'out.json');
    const frames = path.join(tmp, 'frames');
    const run = await survey([
      FIXTURES,
      ...['--only', 'hello-text,raises', '--sizes', '64x32', '--renders', '2'],
      ...['--config', config, '--json', json, '--frames', frames],
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| hello-text | yes | ok | yes |');
    expect(run.stdout).toContain('2 plugins: 2 loaded, 1 updated, 2 drawn at 64×32');

    const rows = JSON.parse(fs.readFileSync(json, 'utf8')) as { id: string; probes: Record<string, unknown>[] }[];
    expect(rows.map((r) => r.id)).toEqual(['hello-text', 'raises']);
    expect(rows[0]!.probes[0]).toMatchObject({ size: '64x32', loaded: true, update: 'ok', nonBlank: true });
    // raises: update() fails, the first display() raises, the second draws.
    expect(rows[1]!.probes[0]).toMatchObject({ loaded: true, update: 'error', nonBlank: true });
    expect(rows[1]!.probes[0]!.firstError).toMatch(/score service did not answer/);
    expect(rows[0]!.probes[0]).not.toHaveProperty('lastFrame');

    for (const id of ['hello-text', 'raises']) {
      const png = fs.readFileSync(path.join(frames, `${id}-64x32.png`));
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    }
  });

  it('refuses a missing plugins folder and a malformed panel size, saying what was expected', async () => {
    const missing = await survey(['/nonexistent/plugins']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: ledmatrix-survey\.ts <plugins-folder>/);
    const badSize = await survey([FIXTURES, '--sizes', '64by32']);
    expect(badSize.code).not.toBe(0);
    expect(badSize.stderr).toMatch(/--sizes: 64by32 is not WxH/);
  });
});
