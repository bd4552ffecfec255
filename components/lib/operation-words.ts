import { humanize } from './format.ts';
import type { OperationView } from './operation-types.ts';

/** The stages operations report, as a person would say them. */
const STAGES: Readonly<Record<string, string>> = Object.freeze({
  starting: 'Starting',
  resolving: 'Getting ready',
  downloading: 'Downloading',
  extracting: 'Checking',
  validating: 'Checking',
  activating: 'Installing',
  enabling: 'Switching it on',
  removing: 'Removing',
});

export const stageWords = (stage: string | null): string => (stage ? (STAGES[stage] ?? humanize(stage)) : 'Working');

/** Who asked, as the subject of a sentence. */
const WHO: Readonly<Record<string, string>> = Object.freeze({
  api: 'You',
  reconciler: 'Marquee',
  schedule: 'Marquee',
  system: 'Marquee',
  webhook: 'The registry',
});

/** Marquee's own sections of config.json, as what a save changed. */
const SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  display: 'display settings',
  schedule: 'the on/off schedule',
  dim_schedule: 'the dim schedule',
  timezone: 'the time zone',
  location: 'the location',
  github: 'store access',
  web: 'web settings',
});

type Named = (id: string) => string;

const VERBS: Readonly<Record<string, [done: string, doing: string, byMarquee?: string]>> = Object.freeze({
  install: ['installed', 'Installing', 'reinstalled'],
  update: ['updated', 'Updating'],
  uninstall: ['removed', 'Removing'],
});

function sectionsText(op: OperationView, name: Named): string {
  const result = (op.result ?? {}) as { changed_sections?: unknown };
  const list = Array.isArray(result.changed_sections) ? result.changed_sections.map(String) : [];
  if (!op.plugin_id.startsWith('config:')) return `${name(op.plugin_id)} settings`;
  if (!list.length) return 'settings';
  const words = list.map((s) => SECTIONS[s] ?? `${name(s)} settings`);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
}

function toggleText(op: OperationView, name: Named, who: string): string {
  const enabled = (op.result as { enabled?: unknown } | null)?.enabled;
  const plugin = name(op.plugin_id);
  if (op.status !== 'completed' || typeof enabled !== 'boolean') return `${who} switched ${plugin} on or off`;
  return `${who} turned ${plugin} ${enabled ? 'on' : 'off'}`;
}

function unfinished(doing: string, op: OperationView): string {
  if (op.status === 'failed') return `${doing} failed`;
  if (op.status === 'cancelled') return `${doing} was cancelled`;
  return `${doing}…`;
}

/**
 * One operation as a sentence of the history: "You turned Clock off", "Saved display settings",
 * "Marquee reinstalled Weather", "Installing Weather failed". `name` gives a plugin's name by id.
 */
export function operationSentence(op: OperationView, name: Named): string {
  const who = WHO[op.requested_by] ?? 'Marquee';
  const plugin = name(op.plugin_id);
  const verbs = VERBS[op.operation_type];
  if (verbs) {
    const [done, doing, byMarquee] = verbs;
    if (op.status !== 'completed') return unfinished(`${doing} ${plugin}`, op);
    return `${who} ${who === 'Marquee' && byMarquee ? byMarquee : done} ${plugin}`;
  }
  // The history lists toggles under LEDMatrix's names, enable and disable.
  if (['toggle', 'enable', 'disable'].includes(op.operation_type))
    return op.status === 'completed' ? toggleText(op, name, who) : unfinished(`Switching ${plugin}`, op);
  if (op.operation_type === 'configure') {
    const what = sectionsText(op, name);
    return op.status === 'completed' ? `Saved ${what}` : unfinished(`Saving ${what}`, op);
  }
  if (op.operation_type === 'store-refresh')
    return op.status === 'completed' ? 'Checked the store for new plugins' : unfinished('Checking the store', op);
  if (op.operation_type === 'store-preview') {
    // The key is `preview:<id>@<size>`: the plugin's name and the panel size it was drawn at.
    const [id = '', size = ''] = op.plugin_id.replace(/^preview:/, '').split('@');
    const what = `a preview of ${name(id)}${size ? ` at ${size.replace('x', '×')}` : ''}`;
    return op.status === 'completed' ? `Drew ${what}` : unfinished(`Drawing ${what}`, op);
  }
  return op.status === 'completed'
    ? `${humanize(op.operation_type)}: done`
    : unfinished(humanize(op.operation_type), op);
}

/** How a finished lifecycle operation ended, in a few words (the server's message names ids). */
export function endedText(op: OperationView): string {
  if (op.status === 'cancelled') return 'Cancelled';
  const done: Record<string, string> = {
    install: 'Installed',
    update: 'Updated',
    uninstall: 'Removed',
    toggle: 'Done',
  };
  return done[op.operation_type] ?? 'Done';
}
