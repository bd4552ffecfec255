export const BACKEND_KINDS = ['auto', 'emulator', 'rpi'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** Where frames go. `push` is called only when the frame or the brightness changed. */
export interface Backend {
  readonly kind: 'emulator' | 'rpi';
  readonly width: number;
  readonly height: number;
  /** Shows `rgb` (width × height × 3) at `brightness` (0–100). The backend copies what it keeps. */
  push(rgb: Uint8Array, brightness: number): void;
  /** The last frame pushed and its brightness (the preview and `GET /display/current` read it). */
  latest(): { rgb: Uint8Array; brightness: number; pushes: number };
  close(): void;
}
