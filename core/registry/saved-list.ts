/** The saved repositories as stored, read by the registry when it builds its sources. */
import { asc } from 'drizzle-orm';
import { savedRepositories, type SavedRepositoryRow } from '../../db/schema.ts';
import type { Platform } from '../platform/index.ts';

export interface SavedRepository {
  url: string;
  name: string;
  type: SavedRepositoryRow['type'];
}

export function listSaved(deps: Pick<Platform, 'db'>): SavedRepository[] {
  return deps.db.orm
    .select({ url: savedRepositories.url, name: savedRepositories.name, type: savedRepositories.type })
    .from(savedRepositories)
    .orderBy(asc(savedRepositories.addedAt), asc(savedRepositories.url))
    .all();
}
