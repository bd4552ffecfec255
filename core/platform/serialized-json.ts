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
}

export function serializedJson(text: string): SerializedJson {
  let tag: string | undefined;
  let bytes: Buffer | undefined;
  return {
    text,
    get tag() {
      return (tag ??= contentTag(text));
    },
    bytes: () => (bytes ??= Buffer.from(text)),
  };
}
