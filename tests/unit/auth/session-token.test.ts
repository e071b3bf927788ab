import { describe, expect, it } from 'vitest';
import {
  SESSION_LIFETIME_MS,
  generateSessionToken,
  judgeSessionExpiry,
  SESSION_ABSOLUTE_LIFETIME_MS,
  parseSessionToken,
  secretMatches,
} from '../../../src/lib/auth/session-token.ts';

describe('session tokens', () => {
  it('round-trips a generated token and matches only its own secret', () => {
    const t = generateSessionToken();
    expect(parseSessionToken(t.token)).toEqual({ id: t.id, secret: t.secret });
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
    expect(secretMatches(generateSessionToken().secret, t.secretHash)).toBe(false);
  });

  it('never stores the secret itself', () => {
    const t = generateSessionToken();
    expect(Buffer.from(t.secretHash).toString()).not.toContain(t.secret);
    expect(t.secretHash).toHaveLength(32);
  });

  it('rejects malformed cookie values', () => {
    for (const bad of [
      '',
      'abc',
      'a.b.c',
      'UPPERCASE0000000000.secretsecretsecretse',
      `${'a'.repeat(24)}.`,
      null,
      undefined,
    ]) {
      expect(parseSessionToken(bad)).toBeNull();
    }
  });

  it('expires, keeps, or renews by remaining lifetime', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
    expect(judgeSessionExpiry(at(-1), now)).toEqual({ state: 'expired' });
    expect(judgeSessionExpiry(at(0), now)).toEqual({ state: 'expired' });
    expect(judgeSessionExpiry(at(20), now)).toEqual({ state: 'valid' });
    expect(judgeSessionExpiry(at(10), now)).toEqual({
      state: 'renew',
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    });
  });

  it('ends a session 30 days after sign-in however often it is used, and never renews past that', () => {
    const now = new Date('2026-01-31T00:00:00Z');
    const day = 86_400_000;
    const signedIn = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
    const expires = new Date(now.getTime() + 10 * day);
    expect(SESSION_ABSOLUTE_LIFETIME_MS).toBe(30 * day);
    expect(judgeSessionExpiry(expires, now, signedIn(30))).toEqual({ state: 'expired' });
    expect(judgeSessionExpiry(expires, now, signedIn(31))).toEqual({ state: 'expired' });
    // 25 days in: 5 days left at most, renewal is capped at the absolute end.
    expect(judgeSessionExpiry(expires, now, signedIn(25))).toEqual({ state: 'valid' });
    expect(judgeSessionExpiry(new Date(now.getTime() + 2 * day), now, signedIn(25))).toEqual({
      state: 'renew',
      expiresAt: new Date(now.getTime() + 5 * day),
    });
    // A fresh sign-in renews like before.
    expect(judgeSessionExpiry(expires, now, signedIn(1))).toEqual({
      state: 'renew',
      expiresAt: new Date(now.getTime() + 29 * day),
    });
  });
});
