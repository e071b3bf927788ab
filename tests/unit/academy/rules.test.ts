import { describe, expect, it } from 'vitest';
import {
  checkMemberChange,
  checkNotOwnWork,
  checkNotSelfCertify,
  MAX_INVITES_PER_FORM,
  nameProblem,
  newAcademySchema,
  parseInviteList,
} from '../../../src/lib/academy/rules.ts';
import {
  generateLinkToken,
  hashLinkToken,
  INVITATION_LIFETIME_MS,
  isLinkTokenShape,
  RESET_LIFETIME_MS,
  tokenState,
} from '../../../src/lib/academy/tokens.ts';
import { passwordWeakness } from '../../../src/lib/auth/password-strength.ts';

describe('link tokens', () => {
  it('are 256 random bits, stored only as a SHA-256 digest, and never repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { token, hash } = generateLinkToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes in base64url
      expect(isLinkTokenShape(token)).toBe(true);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(hashLinkToken(token));
      expect(hash).not.toContain(token);
      seen.add(token);
    }
    expect(seen.size).toBe(200);
    expect(hashLinkToken('a')).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
  });

  it('refuse malformed tokens before any look-up', () => {
    for (const bad of [undefined, '', 'short', 'x'.repeat(100), 'has space'.padEnd(45, 'a'), '../../etc/passwd']) {
      expect(isLinkTokenShape(bad)).toBe(false);
    }
  });

  it('expire exactly at their lifetime; used and revoked win over expired', () => {
    const sent = new Date('2026-01-01T00:00:00Z');
    const expiresAt = new Date(sent.getTime() + INVITATION_LIFETIME_MS);
    expect(tokenState({ expiresAt }, new Date(expiresAt.getTime() - 1))).toBe('valid');
    expect(tokenState({ expiresAt }, expiresAt)).toBe('expired');
    expect(tokenState({ expiresAt, usedAt: sent }, new Date(expiresAt.getTime() + 1))).toBe('used');
    expect(tokenState({ expiresAt, revokedAt: sent }, sent)).toBe('revoked');
    expect(INVITATION_LIFETIME_MS).toBe(7 * 86_400_000);
    expect(RESET_LIFETIME_MS).toBe(3_600_000);
  });
});

describe('role changes', () => {
  it('never demotes or removes the last admin', () => {
    const admin = { userId: 1, role: 'admin' as const };
    expect(checkMemberChange(admin, 'instructor', 1)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(checkMemberChange(admin, null, 1)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(checkMemberChange(admin, 'instructor', 2)).toEqual({ ok: true, value: undefined });
    expect(checkMemberChange(admin, null, 2)).toEqual({ ok: true, value: undefined });
  });

  it('lets others change freely, refuses a no-op', () => {
    const trainee = { userId: 2, role: 'trainee' as const };
    expect(checkMemberChange(trainee, 'admin', 1).ok).toBe(true);
    expect(checkMemberChange(trainee, null, 1).ok).toBe(true);
    expect(checkMemberChange(trainee, 'trainee', 1)).toMatchObject({ ok: false, error: { field: 'role' } });
  });
});

describe('conflicts of interest', () => {
  it('no one grades or claims their own canvas; no admin certifies themselves', () => {
    expect(checkNotOwnWork(5, 5).ok).toBe(false);
    expect(checkNotOwnWork(5, 6).ok).toBe(true);
    expect(checkNotOwnWork(5, 5, 'claim')).toMatchObject({ error: { message: expect.stringContaining('claim') } });
    expect(checkNotSelfCertify(3, 3)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(checkNotSelfCertify(3, 4).ok).toBe(true);
  });
});

describe('academy names and slugs', () => {
  it('accepts lowercase slugs with single hyphens; refuses reserved, short, odd ones', () => {
    expect(newAcademySchema.safeParse({ name: 'Northline', slug: 'northline-smp' }).success).toBe(true);
    for (const slug of ['Northline', 'ab', 'new', 'admin', 'a--b', '-ab', 'ab-', 'a b c', 'x'.repeat(41), 'café'])
      expect(newAcademySchema.safeParse({ name: 'Northline', slug }).success, slug).toBe(false);
    expect(newAcademySchema.safeParse({ name: ' ', slug: 'fine' }).success).toBe(false);
  });
});

describe('the pasted invitation list', () => {
  it('reads commas, semicolons, new lines and "Name <address>", normalised and without repeats', () => {
    expect(parseInviteList('Ana Silva <Ana@Example.test>, bo@x.test;\ncy@x.test  bo@x.test')).toEqual({
      ok: true,
      value: ['ana@example.test', 'bo@x.test', 'cy@x.test'],
    });
  });

  it('names the first bad entry, on the email field', () => {
    expect(parseInviteList('ok@x.test, broken@')).toMatchObject({
      ok: false,
      error: { field: 'email', message: '“broken@” is not a valid email address.' },
    });
    expect(parseInviteList('ok@x.test 12345')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('12345') },
    });
    expect(parseInviteList('   ')).toMatchObject({
      ok: false,
      error: { message: 'Enter at least one email address.' },
    });
    const many = Array.from({ length: MAX_INVITES_PER_FORM + 1 }, (_, i) => `p${i}@x.test`).join(',');
    expect(parseInviteList(many).ok).toBe(false);
  });
});

describe('names', () => {
  it('refuses an email or its local part as a name', () => {
    expect(nameProblem('x', 'x@example.com')).toMatch(/at least 2/);
    expect(nameProblem('j.smith', 'j.smith@example.com')).toMatch(/start of your email/);
    expect(nameProblem('me@example.com')).toMatch(/not an email/);
    expect(nameProblem('1234')).toMatch(/letter/);
    expect(nameProblem('Jamie Lee', 'jamie@example.com')).toBeNull();
    expect(nameProblem('Zoë Ōkafor')).toBeNull();
  });
});

describe('password strength (zxcvbn-ts)', () => {
  it('refuses short, common and guessable passwords with a reason and a tip', () => {
    expect(passwordWeakness('password')).toMatch(/at least 10 characters/);
    expect(passwordWeakness('12345678')).toMatch(/at least 10 characters/);
    expect(passwordWeakness(' '.repeat(12))).toMatch(/at least 10 characters/);
    expect(passwordWeakness('password123')).toMatch(/too easy to guess\. This is a commonly used password\./);
    expect(passwordWeakness('qwertyuiop12')).toMatch(/too easy to guess/);
    expect(passwordWeakness('jamie.lee.1990', ['jamie.lee@example.com'])).toMatch(/too easy to guess/);
  });

  it('accepts long unusual passphrases', () => {
    expect(passwordWeakness('velvet harbour lantern 42')).toBeNull();
    expect(passwordWeakness('pigment in the upper dermis')).toBeNull();
  });
});
