/** The Plugins page's cards and what the server holds of them, for the Plugins page's tests. */
import type { Locator, Page } from 'playwright-core';
import { apiGet, installedPlugins, installVia } from './api.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './browser.ts';
import { startPluginHost, type PluginHost } from './plugin-host.ts';
import { startTestServer, type TestServer } from './server.ts';

/** Server state changes after the page's request: waited for, generously on a busy machine. */
export const POLL = { timeout: 10_000 };

export const IDS = ['clock', 'stocks', 'weather'];

export interface PluginsPageRig {
  host: PluginHost;
  server: TestServer;
  browser: TestBrowser;
  page: Page;
  /** What went wrong in the page so far. */
  errors: string[];
}

/** A real server with the IDS installed from a loopback registry, and a Chromium page to open it in. */
export async function startPluginsPageRig(): Promise<PluginsPageRig> {
  const host = await startPluginHost();
  host.setRegistry(IDS.map((id) => host.entry(id)));
  for (const id of IDS) host.serveArchive({ id, version: '1.0.0' });
  const server = await startTestServer({ 'registry.sources': [host.registryUrl], 'github.enrich': false });
  for (const id of IDS) await installVia(server, id);
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  return { host, server, browser, page, errors: collectPageErrors(page) };
}

/** Closes what `startPluginsPageRig` started, as far as it got. */
export async function stopPluginsPageRig(rig: Partial<PluginsPageRig> | undefined): Promise<void> {
  await rig?.browser?.close();
  await rig?.server?.stop();
  await rig?.host?.close();
}

/** Helpers on a test file's page and server, read at each call (the file's beforeAll sets them). */
export function pluginsPage(open: () => { page: Page; server: TestServer }) {
  const page = () => open().page;
  const url = () => open().server.url;
  const item = (id: string): Locator =>
    page()
      .locator('mq-plugin-item')
      .filter({ has: page().locator(`[data-plugin="${id}"]`) });
  return {
    item,
    shownOrder: () =>
      page()
        .locator('mq-plugin-item article')
        .evaluateAll((as) => as.map((a) => a.dataset.plugin)),
    savedOrder: async () => (await apiGet(url(), '/api/v3/config/main')).display.plugin_rotation_order,
    enabledOnServer: async (id: string) => (await installedPlugins(url())).find((p) => p.id === id)?.enabled,
    /** The accessible name of the focused control, looking through shadow roots. */
    focusedName: () =>
      page().evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute('aria-label') ?? '';
      }),
    async openPlugins() {
      await page().goto(`${url()}/#/plugins`);
      await item('clock').locator('article').waitFor();
    },
  };
}
