/**
 * An image's type from its first bytes, never from its name or the Content-Type a client sent:
 * PNG, JPEG, GIF and BMP, the formats LEDMatrix's plugins read with Pillow.
 */
export const IMAGE_TYPES = ['png', 'jpg', 'gif', 'bmp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const SIGNATURES: ReadonlyArray<[ImageType, number[]]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]],
  ['gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
  ['bmp', [0x42, 0x4d]],
];

export function imageType(bytes: Uint8Array): ImageType | null {
  const hit = SIGNATURES.find(([, sig]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b));
  return hit ? hit[0] : null;
}

/** What a file's first bytes look like, for an error message (hex, at most 8 bytes). */
export const firstBytes = (bytes: Uint8Array) =>
  [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
