import path from 'node:path';
import { CONFIG_FILES, type ConfigFileKind } from '../types.ts';

export interface ConfigPaths {
  dir: string;
  main: string;
  secrets: string;
  /** Backup folders of earlier versions, taken into the settings history at start. */
  backups: string;
}

export const configPaths = (dir: string): ConfigPaths => ({
  dir,
  main: path.join(dir, CONFIG_FILES.main),
  secrets: path.join(dir, CONFIG_FILES.secrets),
  backups: path.join(dir, 'backups'),
});

/** Mode of each file: secrets readable by the service's user only. */
export const FILE_MODES: Record<ConfigFileKind, number> = { main: 0o644, secrets: 0o600 };

/** Compact, sortable UTC time with milliseconds, for names of kept-aside files. */
export const fileStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '');
