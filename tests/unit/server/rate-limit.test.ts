import { describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  limitVerification,
  VERIFY_POLICY,
  type RateLimitStore,
} from '../../../src/server/rate-limit.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('allows exactly 60 verification requests a minute from one address and refuses the 61st', () => {
    const clock = manualClock();
    const limiter = createRateLimiter(VERIFY_POLICY, { now: clock.now });
    const allowed: boolean[] = [];
    for (let i = 0; i < 61; i++) {
      allowed.push(limiter.hit('198.51.100.7').allowed);
      clock.advance(500); // 61 requests within 30 s
    }
    expect(allowed.slice(0, 60).every(Boolean)).toBe(true);
    expect(allowed[59]).toBe(true);
    expect(allowed[60]).toBe(false);
  });

  it('opens again when the oldest request leaves the window, and says when', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ maxFailures: 3, windowMs: 60_000 }, { now: clock.now });
    for (const step of [0, 10_000, 10_000]) {
      clock.advance(step);
      expect(limiter.hit('a').allowed).toBe(true);
    }
    clock.advance(10_000); // 30 s after the first request
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterMs: 30_000 });
    clock.advance(29_999);
    expect(limiter.hit('a').allowed).toBe(false);
    clock.advance(1); // the first request is now exactly one window old
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
  });

  it('counts each key on its own, and each limiter in its own store', () => {
    const clock = manualClock();
    const policy = { maxFailures: 2, windowMs: 60_000 };
    const store: RateLimitStore = new Map();
    const first = createRateLimiter(policy, { now: clock.now, store });
    expect(first.hit('a').allowed).toBe(true);
    expect(first.hit('a').allowed).toBe(true);
    expect(first.hit('a').allowed).toBe(false);
    expect(first.hit('b').allowed).toBe(true);
    expect(store.get('a')).toHaveLength(2); // refused hits are not recorded
    const other = createRateLimiter(policy, { now: clock.now });
    expect(other.hit('a').allowed).toBe(true);
    const sharing = createRateLimiter(policy, { now: clock.now, store });
    expect(sharing.hit('a').allowed).toBe(false);
  });

  it('forgets idle keys once it holds more than 10,000', () => {
    const clock = manualClock();
    const store: RateLimitStore = new Map();
    const limiter = createRateLimiter({ maxFailures: 1, windowMs: 1_000 }, { now: clock.now, store });
    for (let i = 0; i <= 10_000; i++) limiter.hit(`idle-${i}`);
    expect(store.size).toBe(10_001);
    clock.advance(1_000);
    limiter.hit('fresh');
    expect([...store.keys()]).toEqual(['fresh']);
  });
});

describe('limitVerification', () => {
  it('answers null while allowed, then 429 with a retry time in words and in Retry-After', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ maxFailures: 1, windowMs: 60_000 }, { now: clock.now });
    expect(limitVerification('203.0.113.9', limiter)).toBeNull();
    clock.advance(15_000);
    const res = limitVerification('203.0.113.9', limiter)!;
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('45');
    expect(await res.json()).toEqual({ error: 'Too many verification requests. Try again in 1 minute.' });
    expect(limitVerification(undefined, limiter)).toBeNull(); // an unknown address is one more key
  });
});
