/**
 * The store list's answers, each serialised once per state of what it shows and served as the same
 * text until that state moves: the presented catalog (a new document, GitHub facts, the machine's
 * runtime verdict each build a new one), the sources' rows (any registry change bumps its
 * revision), the filters (the key), and the clock only at the next expiry of a fresh source, when
 * the answer turns stale. While a source is failing, the metadata names its next attempt, which is
 * the queue's: such answers are built per request. At most `MAX_ANSWERS` are kept, the oldest
 * dropped first.
 */
import { contentTag } from '../platform/content-tag.ts';
import { serializedJson, type SerializedJson } from '../platform/serialized-json.ts';
import { matches, type ListFilters, type StorePlugin } from './catalog.ts';
import { freshness, freshnessUntil, type FreshnessEnv } from './freshness.ts';

export const MAX_ANSWERS = 32;

export interface StoreListAnswer {
  plugins: StorePlugin[];
  /** `{"plugins":[...]}`, its own object per answer (an envelope built around it is kept with it). */
  json: SerializedJson;
  metadata: ReturnType<typeof freshness> & { count: number; total: number };
  /** `metadata` as JSON text. */
  metadataJson: string;
  /** Content hash of the list and its metadata: equal tags, equal answers. */
  tag: string;
}

export interface StoreListCache {
  answer(filters: ListFilters): StoreListAnswer;
  /** How many answers are kept (for tests of the bound). */
  size(): number;
}

interface Entry {
  answer: StoreListAnswer;
  presented: StorePlugin[];
  revision: number;
  until: number;
}

const hasFilters = (f: ListFilters) => !!f.query || !!f.category || !!f.tags?.length || f.verified !== undefined;

const keyOf = (f: ListFilters) =>
  hasFilters(f) ? JSON.stringify([f.query ?? '', f.category ?? '', f.tags ?? [], f.verified ?? null]) : '';

function build(env: FreshnessEnv, filters: ListFilters, presented: StorePlugin[]): StoreListAnswer {
  const { registry } = env;
  let plugins = presented;
  let text = registry.presentedList().text;
  if (hasFilters(filters)) {
    const all = registry.presentedJson();
    const picked = registry.catalog().entries.flatMap((e, i) => (matches(e, filters) ? [i] : []));
    plugins = picked.map((i) => presented[i]!);
    text = `{"plugins":[${picked.map((i) => all[i]!).join(',')}]}`;
  }
  const metadata = { ...freshness(env), count: plugins.length, total: presented.length };
  const metadataJson = JSON.stringify(metadata);
  return { plugins, json: serializedJson(text), metadata, metadataJson, tag: contentTag(text, metadataJson) };
}

export function createStoreListCache(env: FreshnessEnv): StoreListCache {
  const entries = new Map<string, Entry>();
  return {
    answer(filters) {
      const presented = env.registry.presented();
      const revision = env.registry.revision();
      const now = env.clock.now();
      const key = keyOf(filters);
      const hit = entries.get(key);
      if (hit && hit.presented === presented && hit.revision === revision && now < hit.until) return hit.answer;
      const until = freshnessUntil(env) ?? -Infinity;
      const answer = build(env, filters, presented);
      entries.delete(key);
      if (now < until) entries.set(key, { answer, presented, revision, until });
      if (entries.size > MAX_ANSWERS) entries.delete(entries.keys().next().value!);
      return answer;
    },
    size: () => entries.size,
  };
}
