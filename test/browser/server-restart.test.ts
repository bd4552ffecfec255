import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { spawnNode, type Spawned } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

// An outage in the middle of an install: the real server runs as its own process, is stopped
// (SIGTERM) while the archive download is under way, and started again on the same port with the
// same folders and database. The page must notice, reconnect, and show how the install ended.

/** Server state changes after the page's request: waited for, generously on a busy machine. */
const POLL = { timeout: 10_000 };

let host: PluginHost;
let browser: TestBrowser;

beforeEach(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('clock', { verified: true })]);
  host.serveArchive({ id: 'clock', version: '1.0.0' });
  browser = await launchBrowser();
});

afterEach(async () => {
  await browser?.close();
  await host?.close();
});

async function startServer(root: string, port: number): Promise<Spawned & { url: string }> {
  const proc = spawnNode('test/fixtures/fixture-server.ts', {
    args: ['--no-display'],
    env: {
      PORT: String(port),
      MARQUEE_HOST: '127.0.0.1',
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_BUILTIN_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_REGISTRY_SOURCES: host.registryUrl,
      MARQUEE_GITHUB_ENRICH: 'false',
      MARQUEE_SHUTDOWN_GRACE_MS: '200',
      MARQUEE_SHUTDOWN_ABORT_MS: '2000',
      MARQUEE_LOG_LEVEL: 'info',
    },
  });
  const listening = await proc.waitForLog((l) => l.msg === 'listening');
  return Object.assign(proc, { url: String(listening.url) });
}

describe('the server restarts during an install', () => {
  it('the page shows the outage, reconnects, and shows the install finished by the restarted server', async () => {
    const root = tempDir('marquee-ui-restart-');
    const first = await startServer(root, 0);
    const port = Number(new URL(first.url).port);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${first.url}/#/store`);
    const pill = page.locator('mq-connection .pill');
    await page.locator('mq-connection .pill[data-state="open"]').waitFor();

    const hold = host.holdArchive('clock');
    const card = page.locator('mq-store-item').filter({ has: page.locator('[data-plugin="clock"]') });
    await card.getByRole('button', { name: 'Install Plugin clock' }).click();
    const progress = card.locator('mq-op-progress');
    await progress.locator('[data-status="running"][data-stage="downloading"]').waitFor();
    await hold.reached;

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    await expect.poll(() => pill.getAttribute('data-state'), POLL).not.toBe('open');
    // The next attempt downloads the whole archive.
    hold.release();

    const second = await startServer(root, port);
    expect(second.url).toBe(first.url);
    await pill.and(page.locator('[data-state="open"]')).waitFor();
    // Installed and switched on by the attempt the restarted server ran.
    await card.locator('.outcome .next', { hasText: 'On your panel next' }).waitFor();
    await card.locator('[data-state="installed"]').waitFor();
    const installed = (await (await fetch(`${second.url}/api/v3/plugins/installed`)).json()).data.plugins;
    expect(installed.map((p: { id: string }) => p.id)).toEqual(['clock']);
  }, 60_000);
});
