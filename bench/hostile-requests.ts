/**
 * Requests that once stalled the server or crashed it with a 500, each with its body near the body
 * limit (1 MB by default). Used by the `hostile` benchmark scenario; any other runner (an older
 * build, for comparison) can send the same bytes.
 */
export interface HostileRequest {
  name: string;
  method: string;
  path: string;
  contentType: string;
  body: string;
}

const json = 'application/json';
const form = 'application/x-www-form-urlencoded';

/** A value nested `depth` levels deep, as text (it cannot be built as a value and stringified). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

export function hostileRequests(limitBytes = 1024 * 1024): HostileRequest[] {
  const n = limitBytes - 1024;
  return [
    {
      name: 'long string as a section (POST /config/main)',
      method: 'POST',
      path: '/api/v3/config/main',
      contentType: json,
      body: JSON.stringify({ web: 'A'.repeat(n - 20) }),
    },
    {
      name: 'long repo_url (DELETE /plugins/saved-repositories)',
      method: 'DELETE',
      path: '/api/v3/plugins/saved-repositories',
      contentType: json,
      body: JSON.stringify({ repo_url: `https://x.example.test/${'a'.repeat(n - 60)}` }),
    },
    {
      name: 'form field of dotted parts (POST /config/main)',
      method: 'POST',
      path: '/api/v3/config/main',
      contentType: form,
      body: `${'a.'.repeat(Math.floor((n - 10) / 2))}b=1`,
    },
    {
      name: 'one form field repeated (POST /config/main)',
      method: 'POST',
      path: '/api/v3/config/main',
      contentType: form,
      body: 'display.hardware.rows=9&'.repeat(Math.floor(n / 24)),
    },
    {
      name: 'nested JSON (POST /config/main)',
      method: 'POST',
      path: '/api/v3/config/main',
      contentType: json,
      body: `{"web":${nested(Math.floor((n - 20) / 2))}}`,
    },
    {
      name: 'nested JSON (POST /plugins/config)',
      method: 'POST',
      path: '/api/v3/plugins/config',
      contentType: json,
      body: `{"plugin_id":"clock","config":${nested(Math.floor((n - 60) / 2))}}`,
    },
  ];
}

/** Sends one request and times it to its last byte; `timeoutMs` bounds a stalled server. */
export async function timeRequest(
  base: string,
  r: HostileRequest,
  timeoutMs: number,
): Promise<{ status: number | 'no answer'; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(base + r.path, {
      method: r.method,
      headers: r.body ? { 'content-type': r.contentType } : {},
      body: r.body || undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  } catch {
    return { status: 'no answer', ms: performance.now() - t0 };
  }
}
