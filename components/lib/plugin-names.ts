import type { ReactiveController } from 'lit';
import { EVENT_TYPES } from '../../shared/events.ts';
import { isAbort } from './api.ts';
import { humanize } from './format.ts';
import { LiveReload } from './live-reload.ts';
import type { ServicedElement } from './serviced-element.ts';

/** What a page needs to speak of a plugin by name: `GET /api/v3/plugins/installed`'s fields. */
export interface NamedPlugin {
  id: string;
  name: string;
  enabled: boolean;
  category?: string;
  icon?: string | null;
}

const squash = (s: string) => s.toLowerCase().replace(/[-_\s.]+/g, '');

/** A plugin's name, or its id in words while the name is not known (never the raw id). */
export function pluginName(plugins: ReadonlyMap<string, NamedPlugin>, id: string): string {
  return plugins.get(id)?.name || humanize(id);
}

/** A display mode in words, or null when it only repeats the plugin's id (`web_ui_info` of `web-ui-info`). */
export function modeName(pluginId: string, mode: string | null | undefined): string | null {
  if (!mode || squash(mode) === squash(pluginId)) return null;
  return humanize(mode);
}

/** "Weather · Forecast", or just "Clock" for a plugin's only mode. */
export function showingText(plugins: ReadonlyMap<string, NamedPlugin>, id: string, mode?: string | null): string {
  const m = modeName(id, mode);
  return m ? `${pluginName(plugins, id)} · ${m}` : pluginName(plugins, id);
}

/**
 * The installed plugins by id, for pages that name plugins they get only ids of (what is on
 * screen, the history, health). Loaded on connect and again when a plugin changes; a failed load
 * leaves the names it had (the page falls back to ids in words).
 */
export class PluginNames implements ReactiveController {
  map: ReadonlyMap<string, NamedPlugin> = new Map();
  private controller: AbortController | null = null;

  constructor(private readonly host: ServicedElement) {
    host.addController(this);
    new LiveReload(host, { types: [EVENT_TYPES.pluginChanged], reload: () => void this.load() });
  }

  hostConnected(): void {
    void this.load();
  }

  hostDisconnected(): void {
    this.controller?.abort();
    this.controller = null;
  }

  name = (id: string): string => pluginName(this.map, id);

  private async load(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const res = await this.host.services.api.get<{ plugins: NamedPlugin[] }>('/api/v3/plugins/installed', {
        signal: controller.signal,
      });
      this.map = new Map(res.data.plugins.map((p) => [p.id, p]));
      this.host.requestUpdate();
    } catch (e) {
      if (!isAbort(e)) return;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }
}
