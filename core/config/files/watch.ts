/**
 * Picks up hand edits of config.json and config_secrets.json when they happen, not only at the
 * next read: subscribers of `config.subscribe` (and the log, and health) learn of an edit, or
 * of a file that no longer parses, within the debounce. The folder is watched rather than the files,
 * because editors and Marquee's own atomic writes replace a file by renaming another over it.
 *
 * The watch only says "look again": what changed is decided by the store's stat (size, mtime,
 * inode) and content hash, so a missed or duplicated event costs nothing but a stat. A broken file
 * is reported and never overwritten here; the store keeps serving the last good content.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/log.ts';
import type { ConfigService } from '../service.ts';

/** Editors write in several steps; one look after they settle. */
export const WATCH_DEBOUNCE_MS = 200;

export interface WatchOptions {
  config: Pick<ConfigService, 'paths' | 'refresh'>;
  log: Logger;
  debounceMs?: number;
  /** Called after each look with whether the content changed (tests wait on it). */
  onCheck?: (changed: boolean) => void;
}

/** The loop of the `config-watch` guarded task: returns when `signal` aborts; a watch error restarts it. */
export function watchConfigFiles(opts: WatchOptions): (signal: AbortSignal) => Promise<void> {
  const { paths } = opts.config;
  const names = new Set([path.basename(paths.main), path.basename(paths.secrets)]);
  const look = () => {
    let changed = false;
    try {
      changed = opts.config.refresh();
    } catch (e) {
      opts.log.warn('could not look at the config files', { error: (e as Error).message });
    }
    opts.onCheck?.(changed);
  };
  return (signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      let timer: NodeJS.Timeout | undefined;
      const watcher = fs.watch(paths.dir, { persistent: false });
      const finish = () => {
        clearTimeout(timer);
        watcher.close();
        signal.removeEventListener('abort', stop);
      };
      const stop = () => (finish(), resolve());
      watcher.on('change', (_type, name) => {
        if (name !== null && !names.has(String(name))) return;
        clearTimeout(timer);
        timer = setTimeout(look, opts.debounceMs ?? WATCH_DEBOUNCE_MS);
      });
      watcher.on('error', (e) => (finish(), reject(e)));
      signal.addEventListener('abort', stop, { once: true });
      // Edits made while nothing watched (before start, or before a restart of this loop).
      look();
    });
}
