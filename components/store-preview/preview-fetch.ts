/** What the preview routes answer, as the card needs it. */
export type PreviewResult =
  | { state: 'ready'; bitmap: ImageBitmap; frames: number; frameMs: number }
  | { state: 'pending' }
  | { state: 'unavailable'; reason: string };

const url = (id: string, which: 'preview.png' | 'preview-frames.png') =>
  `/api/v3/plugins/store/plugin/${encodeURIComponent(id)}/${which}`;

async function reasonOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { context?: { reason?: unknown }; message?: unknown } | null;
  const reason = body?.context?.reason;
  if (typeof reason === 'string') return reason;
  return typeof body?.message === 'string' ? `failed: ${body.message}` : `failed: the server answered ${res.status}`;
}

/**
 * The preview of a store entry: the animation's strip when it moves, else its still picture.
 * The browser revalidates with the ETag (the routes answer `no-cache`), so a kept preview costs a 304.
 */
export async function fetchPreview(id: string, signal: AbortSignal): Promise<PreviewResult> {
  const res = await fetch(url(id, 'preview.png'), { signal });
  if (res.status === 202) return { state: 'pending' };
  if (!res.ok) return { state: 'unavailable', reason: await reasonOf(res) };
  const frames = Number(res.headers.get('x-preview-frames')) || 1;
  const frameMs = Number(res.headers.get('x-preview-frame-ms')) || 100;
  if (frames > 1) {
    const strip = await fetch(url(id, 'preview-frames.png'), { signal });
    if (strip.ok) return { state: 'ready', bitmap: await createImageBitmap(await strip.blob()), frames, frameMs };
  }
  return { state: 'ready', bitmap: await createImageBitmap(await res.blob()), frames: 1, frameMs };
}
