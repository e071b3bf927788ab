/**
 * Session tokens after Lucia's "Sessions" guide: the cookie carries `<id>.<secret>`; the
 * database stores the id and SHA-256 of the secret only, so a leaked database row cannot
 * be replayed as a cookie. Secrets are compared in constant time.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A session lasts 30 days after its last use… */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** …and is extended when it is used with less than 15 days left (sliding expiry). */
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

/** A fresh session: the id and secret, the secret's hash to store, and the `id.secret` cookie value. */
export interface NewSessionToken {
  id: string;
  secret: string;
  secretHash: Uint8Array;
  token: string;
}

function randomString(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** 120 bits of id and 160 bits of secret from the platform CSPRNG. */
export function generateSessionToken(): NewSessionToken {
  const id = randomString(15);
  const secret = randomString(20);
  return { id, secret, secretHash: hashSessionSecret(secret), token: `${id}.${secret}` };
}

/** SHA-256 of a session secret: what the database stores instead of the secret. */
export function hashSessionSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

const TOKEN_PART = /^[a-z2-7]{16,64}$/;

/** Splits a cookie value into id and secret, or null when it is not a well-formed token. */
export function parseSessionToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;
  return { id, secret };
}

/** Whether a cookie's secret hashes to the stored hash, compared in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSessionSecret(secret), storedHash);
}

/** What to do with a session: refuse it (expired), accept it, or accept it and move its expiry to `expiresAt`. */
export type SessionVerdict = { state: 'expired' } | { state: 'valid' } | { state: 'renew'; expiresAt: Date };

/** However often it is used, a session ends this long after sign-in (the absolute lifetime). */
export const SESSION_ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Decides what a valid-looking session needs at time `now`: reject, accept, or extend. With `createdAt` (the
 * sign-in), the session also ends `SESSION_ABSOLUTE_LIFETIME_MS` after it, and is never extended past that.
 */
export function judgeSessionExpiry(expiresAt: Date, now: Date, createdAt?: Date): SessionVerdict {
  const hardEnd = createdAt ? createdAt.getTime() + SESSION_ABSOLUTE_LIFETIME_MS : Infinity;
  const left = Math.min(expiresAt.getTime(), hardEnd) - now.getTime();
  if (left <= 0) return { state: 'expired' };
  if (left < SESSION_RENEW_WITHIN_MS) {
    const renewed = Math.min(now.getTime() + SESSION_LIFETIME_MS, hardEnd);
    return renewed > expiresAt.getTime() ? { state: 'renew', expiresAt: new Date(renewed) } : { state: 'valid' };
  }
  return { state: 'valid' };
}
