/**
 * One-time tokens mailed in links (invitations, password resets): 256 random bits, base64url in the link;
 * only the SHA-256 hex digest is stored, so a leaked database row cannot be replayed as a link.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** An invitation stays valid this long after it was (last) sent. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** A password reset link stays valid this long. */
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

/** A fresh link token and the hash to store. */
export function generateLinkToken(): { token: string; hash: string } {
  const token = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: hashLinkToken(token) };
}

/** SHA-256 (hex) of a link token: what the database stores. */
export function hashLinkToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** True when `token` has the shape of a link token (so garbage never reaches the database). */
export function isLinkTokenShape(token: string | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{40,64}$/.test(token);
}

/** What a stored one-time token's timestamps say about it. */
export type TokenState = 'valid' | 'used' | 'revoked' | 'expired';

/** The state of a one-time token at `now`: used and revoked win over expired. */
export function tokenState(
  row: { expiresAt: Date; usedAt?: Date | null; revokedAt?: Date | null },
  now: Date,
): TokenState {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** What a person sees for a link that no longer works, by state. */
export const TOKEN_STATE_MESSAGES: Record<Exclude<TokenState, 'valid'> | 'unknown', string> = {
  unknown: 'This link is not valid. Check that you copied the whole link from the mail.',
  used: 'This link has already been used. Each link works once.',
  revoked: 'This invitation was withdrawn by the academy. Ask them for a new one if you still need it.',
  expired: 'This link has expired. Ask for a new one.',
};
