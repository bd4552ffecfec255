/**
 * The Logs, System and Backup pages and the safe-mode banner against the real web process: log
 * lines written on the server appear live (and how long that takes is printed), the device's
 * status and the service actions through a stand-in systemctl, a backup downloaded, previewed and
 * restored, safe mode shown and ended.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../core/platform/log.ts';
import { enterSafeMode } from '../../core/safe-mode/state.ts';
import { safeModeView } from '../../core/safe-mode/view.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { percentile } from '../../bench/harness.ts';
import { tempDir } from '../support/temp.ts';

let server: TestServer;
let plain: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];
let log: Logger;
// Made here rather than with tempDir(), whose folders go after each test: these serve the whole file.
const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-systemctl-'));
const calls = path.join(fake, 'calls.log');
const savedPath = process.env.PATH;

beforeAll(async () => {
  fs.writeFileSync(path.join(fake, 'systemctl'), `#!/bin/sh\necho "$@" >> "${calls}"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(fake, 'marquee-web.service'), '[Service]\n');
  // The in-process server runs `systemctl` from this process's PATH: the stand-in comes first.
  process.env.PATH = `${fake}:${savedPath}`;
  server = await startTestServer({ 'service.invocationId': 'browser-test', 'service.unitDir': fake });
  plain = await startTestServer();
  log = createLogger({ level: 'debug', clock: server.web.deps.clock, sink: () => {}, tap: server.web.deps.logs.add });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
});

afterAll(async () => {
  process.env.PATH = savedPath;
  fs.rmSync(fake, { recursive: true, force: true });
  await browser?.close();
  await server?.stop();
  await plain?.stop();
});

const nextDialog = (accept: boolean) =>
  new Promise<string>((resolve) =>
    page.once('dialog', async (d) => {
      resolve(d.message());
      await (accept ? d.accept() : d.dismiss());
    }),
  );

async function open(url: string, hash: string) {
  await page.goto('about:blank');
  await page.goto(`${url}/#/${hash}`);
}

describe('Logs', () => {
  it('shows recent lines, then new ones live; filters by process; pause holds lines back', async () => {
    log.info('before the page opened', { proc: 'web' });
    await open(server.url, 'logs');
    const view = page.locator('mq-page-logs');
    await view.locator('[data-stream="open"]').waitFor();
    await view.locator('li', { hasText: 'before the page opened' }).waitFor();

    // How long from a line written on the server to the line on screen.
    await page.evaluate(() => {
      const w = window as unknown as { seen: Record<string, number> };
      w.seen = {};
      const root = document.querySelector('mq-app')!.shadowRoot!.querySelector('mq-page-logs')!.shadowRoot!;
      new MutationObserver(() => {
        for (const el of root.querySelectorAll('li .msg')) {
          const m = /^latency (\d+)$/.exec(el.textContent ?? '');
          if (m && !(m[1]! in w.seen)) w.seen[m[1]!] = Date.now();
        }
      }).observe(root, { childList: true, subtree: true });
    });
    const written: number[] = [];
    for (let i = 0; i < 30; i++) {
      written.push(Date.now());
      log.info(`latency ${i}`);
      await view.locator('li .msg', { hasText: new RegExp(`^latency ${i}$`) }).waitFor();
    }
    const seen = await page.evaluate(() => (window as unknown as { seen: Record<string, number> }).seen);
    const ms = written.map((t, i) => seen[i]! - t);
    console.log(
      `log line written → shown in the browser: p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms, max ${Math.max(...ms)} ms (30 lines)`,
    );

    await view.locator('select[name="process"]').selectOption('display');
    await view.locator('button[type="submit"]').click();
    log.info('a web line');
    log.child({ proc: 'display' }).warn('a display line');
    await view.locator('li[data-source="display"]', { hasText: 'a display line' }).waitFor();
    expect(await view.locator('li', { hasText: 'a web line' }).count()).toBe(0);

    await view.getByRole('button', { name: 'Pause' }).click();
    log.child({ proc: 'display' }).info('held back');
    await view.getByRole('button', { name: 'Resume (1 new)' }).waitFor();
    expect(await view.locator('li', { hasText: 'held back' }).count()).toBe(0);
    await view.getByRole('button', { name: /Resume/ }).click();
    await view.locator('li', { hasText: 'held back' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('System', () => {
  it('shows the device and runs an action after asking', async () => {
    await open(server.url, 'system');
    const view = page.locator('mq-page-system');
    await view.locator('[data-section="status"]').waitFor();
    expect(await view.locator('[data-section="status"]').innerText()).toMatch(/Memory\s+\d+ of \d+ MB/);
    const dialog = nextDialog(true);
    await view.locator('button[data-action="restart_display_service"]').click();
    expect(await dialog).toContain('Restart the display?');
    await view.getByRole('status').filter({ hasText: 'The display is restarting' }).waitFor();
    expect(fs.readFileSync(calls, 'utf8')).toBe('--no-block restart marquee-display.service\n');

    const declined = nextDialog(false);
    await view.locator('button[data-action="reboot"]').click();
    await declined;
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('outside an installed service the actions are disabled and say why', async () => {
    await open(plain.url, 'system');
    const view = page.locator('mq-page-system');
    await view.locator('[data-reason]').waitFor();
    expect(await view.locator('[data-reason]').innerText()).toContain('not started by systemd');
    expect(
      await view.locator('button[data-action]').evaluateAll((b) => b.map((x) => (x as HTMLButtonElement).disabled)),
    ).toEqual([true, true, true, true]);
  });
});

describe('Backup', () => {
  it('downloads a backup (secrets when ticked), previews one and restores it', async () => {
    const deps = server.web.deps;
    await deps.config.apply({ op: 'raw', file: 'main', content: { weather: { city: 'Lisbon' } } });
    await open(server.url, 'backup');
    const view = page.locator('mq-page-backup');
    const link = view.locator('a[data-download]');
    expect(await link.getAttribute('href')).toBe('/api/v3/backup/export?include_secrets=false');
    await view.locator('input[type="checkbox"]').check();
    expect(await link.getAttribute('href')).toBe('/api/v3/backup/export?include_secrets=true');
    await view.locator('[data-secrets-warning]').waitFor();
    const download = page.waitForEvent('download');
    await link.click();
    const file = path.join(tempDir(), 'backup.zip');
    await (await download).saveAs(file);
    expect((await download).suggestedFilename()).toMatch(/-with-secrets\.zip$/);

    await deps.config.apply({ op: 'raw', file: 'main', content: { weather: { city: 'Porto' } } });
    await view.locator('input[type="file"]').setInputFiles(file);
    await view.locator('[data-preview]').waitFor();
    expect(await view.locator('[data-part="config"]').innerText()).toContain('changed: weather');
    expect(await view.locator('[data-part="secrets"]').innerText()).toContain('replaced');
    const asked = nextDialog(true);
    await view.getByRole('button', { name: 'Restore this backup' }).click();
    expect(await asked).toContain('Restore this backup?');
    await view.locator('[data-restore="completed"]').waitFor();
    expect(await view.locator('[data-restore="completed"]').innerText()).toBe('Backup restored');
    expect(deps.config.state().main.weather).toEqual({ city: 'Lisbon' });
  });

  it('says why a file is not a backup', async () => {
    await open(server.url, 'backup');
    const view = page.locator('mq-page-backup');
    const file = path.join(tempDir(), 'notes.zip');
    fs.writeFileSync(file, 'not a zip at all');
    await view.locator('input[type="file"]').setInputFiles(file);
    await view.locator('mq-error .code', { hasText: 'BACKUP_INVALID' }).waitFor();
    expect(await view.locator('mq-error .message').innerText()).toContain('not a readable ZIP');
    // The browser reports the refused upload itself; nothing else went wrong.
    expect(errors.splice(0)).toEqual([expect.stringContaining('422')]);
  });
});

describe('Safe mode banner', () => {
  it('appears with the last crash over every page and goes when ended', async () => {
    await open(server.url, 'overview');
    await page.locator('mq-connection [data-state="open"]').waitFor();
    const sqlite = server.web.deps.db.sqlite;
    enterSafeMode(sqlite, { process: 'display', reason: 'Error: plugin host exploded', now: Date.now() });
    server.web.deps.events.publish(EVENT_TYPES.safeModeChanged, safeModeView(sqlite));
    const banner = page.locator('mq-safe-mode-banner [data-safe-mode]');
    await banner.waitFor();
    expect(await banner.locator('[data-reason]').innerText()).toBe('Error: plugin host exploded');
    await page.goto(`${server.url}/#/plugins`);
    await banner.getByRole('button', { name: 'End safe mode' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await (await fetch(`${server.url}/api/v3/system/safe-mode`)).json()).data.active).toBe(false);
    expect(errors).toEqual([]);
  });
});
