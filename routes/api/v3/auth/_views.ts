/** How sessions and tokens are shown, and the inputs naming them. */
import * as v from 'valibot';
import type { Credential } from '../../../../core/auth/service.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export const CREDENTIAL_ID = v.object({
  id: v.pipe(v.string('an id'), v.regex(/^[0-9a-f]{16}$/, 'an id of 16 hexadecimal digits')),
});

/** A device's or token's name as a person types it. */
export const nameField = (what: string) => {
  const expected = `${what} of 1 to 60 characters`;
  return v.pipe(v.string(expected), v.trim(), v.minLength(1, expected), v.maxLength(60, expected));
};

export const sessionSchema = v.object({
  id: v.string(),
  name: v.string(),
  user_agent: v.nullable(v.string()),
  created_at: v.string(),
  last_used_at: v.nullable(v.string()),
  /** The browser this request came from. */
  current: v.boolean(),
});

export const tokenSchema = v.object({
  id: v.string(),
  name: v.string(),
  created_at: v.string(),
  last_used_at: v.nullable(v.string()),
});

export const sessionView = (s: Credential, caller: Credential | null) => ({
  id: s.id,
  name: s.name,
  user_agent: s.userAgent,
  created_at: iso(s.createdAt)!,
  last_used_at: iso(s.lastUsedAt),
  current: caller?.id === s.id,
});

export const tokenView = (t: Credential) => ({
  id: t.id,
  name: t.name,
  created_at: iso(t.createdAt)!,
  last_used_at: iso(t.lastUsedAt),
});
