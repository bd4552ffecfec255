/** The Plugins page's cards and what the server holds of them, for the Plugins page's tests. */
import type { Locator, Page } from 'playwright-core';
import { apiGet, installedPlugins } from './api.ts';
import type { TestServer } from './server.ts';

/** Server state changes after the page's request: waited for, generously on a busy machine. */
export const POLL = { timeout: 10_000 };

export const IDS = ['clock', 'stocks', 'weather'];

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
