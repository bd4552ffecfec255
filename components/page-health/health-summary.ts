import type { PluginHealth } from '../page-plugins/plugin-model.ts';
import { tasksOf, type HealthData } from './health-types.ts';

/** A plugin as Health needs it: its name, whether it is on, whether it loads. */
export interface HealthPlugin {
  id: string;
  name: string;
  enabled: boolean;
  state: string;
  error_info: { error: string | null; error_type: string } | null;
}

/** One thing wrong, in words, with what to do about it. */
export interface Finding {
  level: 'warn' | 'danger';
  title: string;
  action: string;
  /** Where the fix is made, when it is a page of this UI. */
  link?: { href: string; text: string };
  /** A plugin whose breaker can be reset from here. */
  resettable?: string;
}

/** How a plugin is doing, in words. A plugin that is off is "Off", never "running". */
export interface PluginStatus {
  text: string;
  level: 'ok' | 'warn' | 'danger' | 'off';
}

export function pluginStatus(p: HealthPlugin, h: PluginHealth | undefined): PluginStatus {
  if (p.state === 'error' || p.state === 'incompatible') return { text: 'Cannot load', level: 'danger' };
  if (p.state === 'missing') return { text: 'Files missing', level: 'danger' };
  if (!p.enabled) return { text: 'Off', level: 'off' };
  if (h?.circuit_state === 'open') return { text: 'Stopped after failing', level: 'danger' };
  if (h?.circuit_state === 'half_open') return { text: 'Trying again', level: 'warn' };
  if (h && h.consecutive_failures > 0) return { text: 'Failing', level: 'warn' };
  return { text: 'On, working', level: 'ok' };
}

function pluginFinding(p: HealthPlugin, h: PluginHealth | undefined): Finding | null {
  const status = pluginStatus(p, h);
  const error = h?.last_error ?? p.error_info?.error ?? null;
  const why = error ? `: ${error}` : '';
  const plugin = { href: `#/plugins/${encodeURIComponent(p.id)}`, text: `${p.name} settings` };
  if (status.text === 'Cannot load')
    return {
      level: 'danger',
      title: `${p.name} cannot load${why}`,
      action: 'Update it, or reinstall it from the Store.',
      link: { href: '#/plugins', text: 'Plugins' },
    };
  if (status.text === 'Files missing')
    return {
      level: 'danger',
      title: `${p.name}'s files are missing`,
      action: 'Marquee reinstalls it on its own; if this stays, install it again from the Store.',
    };
  if (status.text === 'Stopped after failing')
    return {
      level: 'danger',
      title: `${p.name} stopped after failing ${h!.consecutive_failures} times${why}`,
      action: 'Check its settings, then reset it to run it again now (it is tried again by itself after a pause).',
      link: plugin,
      resettable: p.id,
    };
  if (status.level === 'warn')
    return {
      level: 'warn',
      title: `${p.name} is failing${why}`,
      action: 'It keeps being tried. Check its settings if this lasts.',
      link: plugin,
      resettable: p.id,
    };
  return null;
}

interface DisplayInfo {
  fallback?: string | null;
  restart_required?: boolean;
}

function serviceFindings(data: HealthData): Finding[] {
  const out: Finding[] = [];
  const c = data.checks;
  const info = (c.display?.info ?? null) as DisplayInfo | null;
  if (c.display?.status === 'failed')
    out.push({
      level: 'danger',
      title: 'The display is not running',
      action: 'Marquee starts it again by itself. If this lasts, restart Marquee.',
    });
  else if (info?.fallback)
    out.push({
      level: 'warn',
      title: `The panel could not be started, so nothing shows on it: ${info.fallback}`,
      action: 'Check the wiring and the panel settings (GPIO mapping, size), then restart Marquee.',
      link: { href: '#/settings/display', text: 'Panel settings' },
    });
  if (info?.restart_required)
    out.push({ level: 'warn', title: 'A panel setting changed', action: 'Restart Marquee to apply it.' });
  if (c.config && c.config.status !== 'ok')
    out.push({
      level: 'warn',
      title: `A settings file has a problem: ${c.config.detail}`,
      action: 'Fix the values it names, or restore a backup.',
      link: { href: '#/settings/backups', text: 'Backups' },
    });
  if (c.config_dir?.status === 'failed')
    out.push({
      level: 'danger',
      title: 'Marquee cannot save settings',
      action: "Check that the config folder is writable and the disk isn't full.",
    });
  if (c.database?.status === 'failed')
    out.push({
      level: 'danger',
      title: 'Marquee cannot write its database',
      action: 'Check the free disk space, then restart Marquee.',
    });
  const failed = tasksOf(data).filter((t) => t.state === 'failed');
  if (failed.length)
    out.push({
      level: 'danger',
      title: `A background job keeps failing (${failed.map((t) => t.name).join(', ')})`,
      action: 'Restart Marquee. If it comes back, copy the technical details below into a bug report.',
    });
  return out;
}

/**
 * Everything wrong, most serious first: the service (display, settings files, database, background
 * jobs), then each plugin that is on and in trouble or cannot load.
 */
export function findings(
  data: HealthData,
  plugins: readonly HealthPlugin[],
  health: Record<string, PluginHealth>,
): Finding[] {
  const all = [
    ...serviceFindings(data),
    ...plugins.map((p) => pluginFinding(p, health[p.id])).filter((f): f is Finding => !!f),
  ];
  return all.sort((a, b) => (a.level === b.level ? 0 : a.level === 'danger' ? -1 : 1));
}

/** The one-line answer to "is my panel OK?". */
export function verdict(list: readonly Finding[]): { text: string; level: 'ok' | 'warn' | 'danger' } {
  if (!list.length) return { text: 'Your panel is OK', level: 'ok' };
  if (list.some((f) => f.level === 'danger'))
    return {
      text: list.length === 1 ? 'One thing needs your attention' : `${list.length} things need your attention`,
      level: 'danger',
    };
  return {
    text: list.length === 1 ? 'Working, with one warning' : `Working, with ${list.length} warnings`,
    level: 'warn',
  };
}
