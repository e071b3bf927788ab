import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, describeRetry, evaluateThrottle } from '../../../src/lib/auth/throttle.ts';

const MIN = 60_000;
const now = 1_000 * MIN;

describe('sign-in throttle', () => {
  it('allows up to five failures in fifteen minutes', () => {
    const four = [1, 2, 3, 4].map((i) => now - i * MIN);
    expect(evaluateThrottle(four, now, ACCOUNT_POLICY)).toEqual({ allowed: true });
  });

  it('blocks the sixth attempt after five failures within the window', () => {
    const five = [1, 2, 3, 4, 5].map((i) => now - i * MIN);
    const decision = evaluateThrottle(five, now, ACCOUNT_POLICY);
    expect(decision.allowed).toBe(false);
    // The oldest of the five (5 minutes ago) leaves the window in 10 minutes.
    if (!decision.allowed) expect(decision.retryAfterMs).toBe(10 * MIN);
  });

  it('forgets failures older than the window', () => {
    const old = [16, 17, 18, 19, 20].map((i) => now - i * MIN);
    expect(evaluateThrottle(old, now, ACCOUNT_POLICY)).toEqual({ allowed: true });
  });

  it('counts only failures inside the window when old and new mix', () => {
    const mixed = [1, 2, 3, 4, 30, 40].map((i) => now - i * MIN);
    expect(evaluateThrottle(mixed, now, ACCOUNT_POLICY).allowed).toBe(true);
    const mixedFive = [1, 2, 3, 4, 14, 40].map((i) => now - i * MIN);
    const d = evaluateThrottle(mixedFive, now, ACCOUNT_POLICY);
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.retryAfterMs).toBe(1 * MIN);
  });

  it('describes the wait in whole minutes', () => {
    expect(describeRetry(10 * MIN)).toBe('Try again in 10 minutes.');
    expect(describeRetry(5_000)).toBe('Try again in 1 minute.');
  });
});
