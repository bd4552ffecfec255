import { html, type TemplateResult } from 'lit';
import type { Route } from '../lib/router.ts';
import '../page-health/health-page.ts';
import '../page-backup/backup-page.ts';
import '../page-history/history-page.ts';
import '../page-logs/logs-page.ts';
import '../page-overview/overview-page.ts';
import '../page-plugin-settings/plugin-settings-page.ts';
import '../page-plugins/plugins-page.ts';
import '../page-settings/settings-page.ts';
import '../page-store/store-page.ts';
import '../page-system/system-page.ts';

/** The element of each route. A different tag replaces the previous page, which disconnects it. */
export function renderPage(route: Route): TemplateResult {
  switch (route.page) {
    case 'overview':
      return html`<mq-page-overview></mq-page-overview>`;
    case 'plugins':
      return route.pluginId
        ? html`<mq-page-plugin-settings .pluginId=${route.pluginId}></mq-page-plugin-settings>`
        : html`<mq-page-plugins></mq-page-plugins>`;
    case 'store':
      return html`<mq-page-store></mq-page-store>`;
    case 'settings':
      return html`<mq-page-settings .section=${route.section ?? 'display'}></mq-page-settings>`;
    case 'history':
      return html`<mq-page-history></mq-page-history>`;
    case 'health':
      return html`<mq-page-health></mq-page-health>`;
    case 'logs':
      return html`<mq-page-logs></mq-page-logs>`;
    case 'system':
      return html`<mq-page-system></mq-page-system>`;
    case 'backup':
      return html`<mq-page-backup></mq-page-backup>`;
  }
}
