/** What the preview routes answer, as the card needs it. */
export type PreviewResult =
  | { state: 'ready'; bitmap: ImageBitmap; frames: number; frameMs: number }
  | { state: 'pending' }
  | { state: 'unavailable'; reason: string };

interface PreviewState {
  state: 'ready' | 'pending' | 'unavailable';
  reason: string | null;
  frames: number | null;
  frame_ms: number | null;
}

const url = (id: string, file: string) => `/api/v3/plugins/store/plugin/${encodeURIComponent(id)}/${file}`;

async function picture(id: string, file: string, signal: AbortSignal): Promise<ImageBitmap> {
  const res = await fetch(url(id, file), { signal });
  if (!res.ok) throw new Error(`the server answered ${res.status}`);
  return createImageBitmap(await res.blob());
}

/**
 * The preview of a store entry: its state first (always a 200, so a plugin without a preview is
 * no failed request), then the animation's strip when it moves, else its still picture. The
 * browser revalidates the picture with its ETag (the routes answer `no-cache`), so a kept preview
 * costs a 304.
 */
export async function fetchPreview(id: string, signal: AbortSignal): Promise<PreviewResult> {
  const res = await fetch(url(id, 'preview'), { signal });
  // A busy queue or server: asked again later, as while it is being drawn.
  if (res.status === 429 || res.status === 503) return { state: 'pending' };
  const body = (await res.json().catch(() => null)) as { data?: PreviewState; message?: string } | null;
  const s = body?.data;
  if (!res.ok || !s)
    return { state: 'unavailable', reason: `failed: ${body?.message ?? `the server answered ${res.status}`}` };
  if (s.state === 'pending') return { state: 'pending' };
  if (s.state === 'unavailable') return { state: 'unavailable', reason: s.reason ?? 'unknown' };
  const frames = s.frames ?? 1;
  const bitmap = await picture(id, frames > 1 ? 'preview-frames.png' : 'preview.png', signal);
  return { state: 'ready', bitmap, frames, frameMs: s.frame_ms ?? 100 };
}
