/**
 * A configuration backup as the restore dialog shows it: both files of the pair together, every
 * secret masked the way `GET /api/v3/config/main` masks the current one (values kept in the
 * secrets file, Marquee's own secrets, anything named like a credential), so the two can be
 * compared setting by setting without a secret ever leaving the server.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { ConfigPair } from './history.ts';
import { isPlainObject } from './plan/merge.ts';
import { CORE_SECRETS } from './secrets/core.ts';
import { maskByName, maskTree } from './secrets/mask.ts';
import { overlaySecrets } from './secrets/split.ts';
import { treeFromValue, unionTrees } from './secrets/tree.ts';
import type { JsonObject } from './types.ts';

const notFound = (id: string) =>
  new AppError('CONFIG_BACKUP_NOT_FOUND', { message: `Configuration backup ${id} not found`, context: { backup: id } });

function parseObject(text: string): JsonObject {
  if (!text.trim()) return {};
  const value: unknown = JSON.parse(text);
  return isPlainObject(value) ? value : {};
}

/** `read` gives a history row's pair of files (ConfigService.backup). */
export function backupView(read: (id: string) => ConfigPair | null, id: string): JsonObject {
  const pair = read(id);
  if (!pair) throw notFound(id);
  let main: JsonObject;
  let secrets: JsonObject;
  try {
    main = parseObject(pair.main);
    secrets = parseObject(pair.secrets);
  } catch {
    throw new AppError('CONFIG_BACKUP_NOT_FOUND', {
      message: `Configuration backup ${id} cannot be read: its files are not valid JSON`,
      context: { backup: id },
    });
  }
  const tree = unionTrees(CORE_SECRETS, treeFromValue(secrets));
  return maskByName(maskTree(overlaySecrets(main, secrets), tree)) as JsonObject;
}
