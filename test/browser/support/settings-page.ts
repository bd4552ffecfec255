/** The Settings page's cards and fields, and the config files the server wrote, for the Settings page's tests. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openFresh } from './browser.ts';
import type { TestServer } from './server.ts';

/** Helpers on a test file's page and server, read at each call (the file's beforeAll sets them). */
export function settingsPage(opened: () => { page: Page; server: TestServer }) {
  const page = () => opened().page;
  const url = () => opened().server.url;
  const configDir = () => opened().server.web.deps.settings.configDir;
  const card = (id: string) => page().locator(`mq-page-settings [data-card="${id}"]`);

  /** Opens a section of Settings (each is its own route). */
  async function section(name: string, ready = 'mq-schema-form') {
    await page().goto(`${url()}/#/settings/${name}`);
    await page().locator(`mq-page-settings ${ready}`).first().waitFor();
  }

  return {
    configDir,
    stored: (file = 'config.json') => JSON.parse(fs.readFileSync(path.join(configDir(), file), 'utf8')),
    card,
    field: (cardId: string, p: string) => card(cardId).locator(`[data-path="${p}"]`),
    saveCard: (id: string) => card(id).locator('mq-schema-form button[type="submit"]').click(),
    saved: (id: string) => card(id).locator('.saved', { hasText: 'saved' }).waitFor(),

    /** Answers the next confirm() and returns its text. */
    nextDialog: (accept: boolean) =>
      new Promise<string>((resolve) =>
        page().once('dialog', async (d) => {
          const text = d.message();
          await (accept ? d.accept() : d.dismiss());
          resolve(text);
        }),
      ),

    async open() {
      await openFresh(page(), url(), '#/settings');
      await card('display').locator('mq-schema-form').waitFor();
    },

    /** A fresh load of a section (a hash change alone keeps the page already open). */
    async reopen(name: string, ready = 'mq-schema-form') {
      // A navigation the page started itself (a reload after a save) aborts ours: wait for it, go again.
      for (let attempt = 1; ; attempt++) {
        try {
          await page().goto('about:blank');
          break;
        } catch (e) {
          if (attempt === 3 || !String(e).includes('ERR_ABORTED')) throw e;
          await page().waitForLoadState();
        }
      }
      await section(name, ready);
    },
  };
}
