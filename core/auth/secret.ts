/**
 * The secrets of authentication and how they are compared. A credential is presented as
 * `mq<kind>_<id>_<secret>`: the id selects the row (it is not secret, lists and URLs show it), the
 * secret is checked against its SHA-256 in constant time. 32 random bytes cannot be guessed, so a
 * plain hash is enough; a slow password hash would cost milliseconds on every request.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CredentialKind } from '../../db/schema/auth.ts';

const LETTER: Record<CredentialKind, string> = { session: 's', token: 't' };
const KIND_OF: Record<string, CredentialKind> = { s: 'session', t: 'token' };
const SHAPE = /^mq([st])_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface Presented {
  kind: CredentialKind;
  id: string;
  secret: string;
}

export interface NewCredential extends Presented {
  /** What the holder sends back: the cookie's value or the bearer token. Shown once. */
  text: string;
  /** SHA-256 of the secret, hex: what the database keeps. */
  hash: string;
}

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Constant-time equality of two digests. */
export const sameDigest = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

export function newCredential(kind: CredentialKind): NewCredential {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { kind, id, secret, text: `mq${LETTER[kind]}_${id}_${secret}`, hash: hashSecret(secret).toString('hex') };
}

/** The parts of a presented credential, or null when it does not have the shape of one. */
export function parseCredential(text: string): Presented | null {
  if (text.length !== 64) return null;
  const m = SHAPE.exec(text);
  return m ? { kind: KIND_OF[m[1]!]!, id: m[2]!, secret: m[3]! } : null;
}

export const PAIRING_CODE_DIGITS = 8;

/** A pairing code: digits, easy to type on a phone and to read off the panel. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** `12345678` → `1234 5678`, as the panel and the log show it. */
export const groupCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

/** What a person typed, without the spaces and dashes they may have copied along. */
export const normalizeCode = (typed: string): string => typed.replace(/[\s-]/g, '');
