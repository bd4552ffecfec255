import { contentTag } from './content-tag.ts';

/**
 * A JSON document serialised once and served many times unchanged (the installed list, the store
 * list): its text, a content hash for validators, and its UTF-8 bytes, each computed on first use.
 */
export interface SerializedJson {
  readonly text: string;
  /** `contentTag(text)`. */
  readonly tag: string;
  /** The text as UTF-8, for answers large enough to be built from bytes rather than joined as text. */
  bytes(): Buffer;
  /**
   * One value derived from the document (an answer built around it), kept while asked for with
   * the same `key`: a different key builds and keeps a new one.
   */
  memo<T>(key: string, make: () => T): T;
}

export function serializedJson(text: string): SerializedJson {
  let tag: string | undefined;
  let bytes: Buffer | undefined;
  let memo: { key: string; value: unknown } | undefined;
  return {
    text,
    get tag() {
      return (tag ??= contentTag(text));
    },
    bytes: () => (bytes ??= Buffer.from(text)),
    memo<T>(key: string, make: () => T): T {
      if (memo?.key !== key) memo = { key, value: make() };
      return memo.value as T;
    },
  };
}
