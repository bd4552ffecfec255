/**
 * Saved repositories (LEDMatrix's user-added registry sources). Stored normalised, so the same
 * repository typed two ways is refused as a duplicate; a change reloads the store's sources.
 */
import { eq } from 'drizzle-orm';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { savedRepositories, type SavedRepositoryRow } from '../../db/schema.ts';
import type { StoreEnv } from './env.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { deleteRow } from './cache.ts';
import { listSaved, type SavedRepository } from './saved-list.ts';
import { normaliseSource, sourceKey } from './sources.ts';

export { listSaved, type SavedRepository };

type RepoEnv = Pick<StoreEnv, 'db' | 'clock' | 'registry'>;

/** Adds a repository; 409 when it (or the same source from settings) is already there. */
export function saveRepository(deps: RepoEnv, input: { repo_url: string; name?: string }): SavedRepository[] {
  const n = normaliseSource(input.repo_url, PROJECT_ROOT);
  if (deps.registry.source(n.location)) {
    throw new AppError('REPOSITORY_ALREADY_SAVED', {
      message: `${n.location} is already a registry source`,
      context: { repo_url: n.location },
    });
  }
  const name = input.name?.trim() || n.defaultName;
  deps.db.orm
    .insert(savedRepositories)
    .values({ url: n.location, name, type: 'registry', addedAt: deps.clock.now() })
    .run();
  deps.registry.load();
  return listSaved(deps);
}

/** Removes a saved repository and its cached document; 404 when it is not saved. */
export function removeRepository(deps: RepoEnv, repoUrl: string): SavedRepository[] {
  let url: string;
  try {
    url = normaliseSource(repoUrl, PROJECT_ROOT).location;
  } catch {
    url = repoUrl.trim();
  }
  const removed = deps.db.sqlite.transaction(() => {
    const r = deps.db.orm.delete(savedRepositories).where(eq(savedRepositories.url, url)).run();
    if (r.changes) deleteRow(deps.db, sourceKey(url));
    return r.changes;
  })();
  if (!removed) {
    throw new AppError('REPOSITORY_NOT_FOUND', {
      message: `${url} is not a saved repository`,
      context: { repo_url: url, saved: listSaved(deps).map((r) => r.url) },
    });
  }
  deps.registry.load();
  return listSaved(deps);
}
