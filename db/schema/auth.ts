/**
 * Who may use the API: browser sessions (made by pairing) and API tokens (made from a paired
 * browser). Only a hash of each secret is kept; the secret itself is shown once, in the cookie or
 * in the answer that created the token.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const CREDENTIAL_KINDS = ['session', 'token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export const authCredentials = sqliteTable(
  'auth_credentials',
  {
    /** Public id: names the credential in lists and URLs, and selects it when one is presented. */
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CREDENTIAL_KINDS }).notNull(),
    /** The device's name (a session) or what the token is for. */
    name: text('name').notNull(),
    /** The browser's User-Agent when it paired (sessions only). */
    userAgent: text('user_agent'),
    /** SHA-256 of the secret, hex. */
    secretHash: text('secret_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Recorded at most once a minute per credential; null until first used after creation. */
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('auth_credentials_kind').on(t.kind, t.createdAt)],
);

export type CredentialRow = typeof authCredentials.$inferSelect;
