/**
 * On the display, with the hosts' confinement (another user, a PID namespace, resource limits,
 * Landlock): a LEDMatrix plugin that writes into its own folder at start loads and draws, its writes
 * land in its data folder, and its installed files stay as installed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installLedMatrixPlugins } from '../support/ledmatrix.ts';
import { startRuntime } from '../support/display.ts';
import { treeOf } from '../support/zip.ts';

const fingerprint = (dir: string) =>
  treeOf(dir).map((rel) =>
    rel.endsWith('/')
      ? rel
      : `${rel} ${crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, rel)))
          .digest('hex')}`,
  );

describe('a LEDMatrix plugin that writes into its own folder, on the display', () => {
  it('loads and draws; what it wrote is in its data folder, its installed folder unchanged', async () => {
    const h = await startRuntime({
      width: 64,
      height: 32,
      config: { 'own-files': { enabled: true } },
      settings: { 'plugins.renderDeadlineMs': 2_000, 'plugins.loadDeadlineMs': 15_000 },
    });
    installLedMatrixPlugins(h, ['own-files']);
    const installed = path.join(h.settings.pluginsDir, 'own-files');
    const before = fingerprint(installed);
    await h.until(
      () => h.statuses.at(-1)?.plugin_id === 'own-files' && h.frame().some((v) => v !== 0),
      30_000,
      'drawn',
    );
    const own = path.join(h.settings.dataDir, 'plugins', 'own-files', 'root', 'plugin-repos', 'own-files');
    expect(fs.readFileSync(path.join(own, 'assets', 'logos', 'ACME.txt'), 'utf8')).toBe('logo of ACME');
    expect(fingerprint(installed)).toEqual(before);
    expect(h.runtime.runners.get('own-files')!.breaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  }, 60_000);
});
