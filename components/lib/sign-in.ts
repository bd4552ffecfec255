import type { ApiClient } from './api.ts';

/** `GET /api/v3/auth/status`. */
export interface AuthStatus {
  required: boolean;
  signed_in: boolean;
  via: 'session' | 'token' | null;
  name: string | null;
  pairing_code_expires_at: string | null;
}

/** `pairing` once the server says this browser needs a session it lacks. */
export type SignIn = 'signed-in' | 'pairing';

/**
 * Whether this browser may open the app or must pair first. A server that cannot be reached is
 * taken as signed in: the pages then show why nothing loads, as they do without sign-in.
 */
export async function signInOf(api: ApiClient): Promise<SignIn> {
  try {
    const { data } = await api.get<AuthStatus>('/api/v3/auth/status');
    return data.required && !data.signed_in ? 'pairing' : 'signed-in';
  } catch {
    return 'signed-in';
  }
}

/** `12345678` → `1234 5678`, as the panel shows it. */
export const groupedCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

export const PAIRED_EVENT = 'mq-paired';
