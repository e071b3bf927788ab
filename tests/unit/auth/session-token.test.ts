import { describe, expect, it } from 'vitest';
import {
  SESSION_LIFETIME_MS,
  generateSessionToken,
  judgeSessionExpiry,
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
});
