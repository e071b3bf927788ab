import { describe, expect, it } from 'vitest';
import { fieldErrors, loginSchema, signupSchema } from '../../../src/lib/auth/forms.ts';
import { normalizeEmail } from '../../../src/lib/auth/email.ts';
import { isCrossSiteRequest } from '../../../src/lib/auth/origin.ts';

const url = new URL('http://127.0.0.1:4321/login');
const h = (o: Record<string, string>) => new Headers(o);

describe('isCrossSiteRequest', () => {
  it('refuses a POST whose Origin is another site', () => {
    expect(isCrossSiteRequest('POST', url, h({ origin: 'https://evil.example' }))).toBe(true);
  });
  it('refuses a POST marked cross-site by Sec-Fetch-Site', () => {
    expect(isCrossSiteRequest('POST', url, h({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
  });
  it('accepts same-origin POSTs, safe methods, and clients that send neither header', () => {
    expect(isCrossSiteRequest('POST', url, h({ origin: 'http://127.0.0.1:4321' }))).toBe(false);
    expect(isCrossSiteRequest('GET', url, h({ origin: 'https://evil.example' }))).toBe(false);
    expect(isCrossSiteRequest('POST', url, h({}))).toBe(false);
  });
});

describe('form validation', () => {
  it('normalises email before storing or looking up', () => {
    expect(normalizeEmail('  Trainee@Demo.Stipple.TEST ')).toBe('trainee@demo.stipple.test');
    const parsed = loginSchema.parse({ email: ' A@Example.COM ', password: 'x' });
    expect(parsed.email).toBe('a@example.com');
  });

  it('explains each bad sign-up field in words', () => {
    const r = signupSchema.safeParse({ email: 'not-an-email', password: 'short' });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(fieldErrors(r.error)).toEqual({
        displayName: 'Enter your name.',
        email: 'Enter a valid email address, like name@example.com.',
        password: 'Use at least 10 characters for your password.',
      });
    }
  });

  it('rejects a missing email and a password equal to the email', () => {
    const r1 = signupSchema.safeParse({ password: 'long enough password' });
    expect(r1.success).toBe(false);
    if (!r1.success) expect(fieldErrors(r1.error).email).toBe('Enter your email address.');
    const r2 = signupSchema.safeParse({
      displayName: 'Me Myself',
      email: 'me@example.com',
      password: 'me@example.com',
    });
    expect(r2.success).toBe(false);
    if (!r2.success) expect(fieldErrors(r2.error).password).toMatch(/must not be your email/);
  });
});
