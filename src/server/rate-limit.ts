/**
 * An in-memory sliding-window limiter for public endpoints (certificate verification),
 * on the same rule as sign-in throttling. Per process, which is what this single-server
 * academy runs; it forgets on restart, which only ever errs toward letting people in.
 *
 * Limiters are made by `createRateLimiter`, each with its own store and clock, so a test
 * builds its own and steps time instead of sharing the process's limiter or sleeping.
 */
import { fail, ok, type Result } from '../lib/errors.ts';
import { errorResponse } from './http.ts';
import { describeRetry, evaluateThrottle, type ThrottleDecision, type ThrottlePolicy } from '../lib/auth/throttle.ts';

/** Beyond this many keys, keys with no hit inside the window are forgotten on the next hit. */
const PRUNE_ABOVE_KEYS = 10_000;

/** What a limiter keeps: for each key, the times (epoch ms) of its allowed hits. */
export type RateLimitStore = Map<string, number[]>;

/** Where a limiter keeps its hits and reads the time; both default to a fresh map and `Date.now`. */
export interface RateLimiterOptions {
  store?: RateLimitStore;
  /** The current time in epoch milliseconds. */
  now?: () => number;
}

/** A sliding-window limiter: at most `policy.maxFailures` allowed hits per key within `policy.windowMs`. */
export interface RateLimiter {
  /** Records a request from `key` at the limiter's current time and says whether it is allowed. */
  hit(key: string): ThrottleDecision;
}

/** A limiter with its own store and clock (see `RateLimiterOptions`). Refused hits are not recorded. */
export function createRateLimiter(policy: ThrottlePolicy, options: RateLimiterOptions = {}): RateLimiter {
  const hits = options.store ?? new Map<string, number[]>();
  const clock = options.now ?? Date.now;
  return {
    hit(key: string): ThrottleDecision {
      const now = clock();
      const recent = (hits.get(key) ?? []).filter((t) => t > now - policy.windowMs);
      const decision = evaluateThrottle(recent, now, policy);
      if (decision.allowed) recent.push(now);
      hits.set(key, recent);
      if (hits.size > PRUNE_ABOVE_KEYS)
        for (const [k, v] of hits) if (!v.some((t) => t > now - policy.windowMs)) hits.delete(k);
      return decision;
    },
  };
}

/** Verification: 60 look-ups a minute per address (a verifier needs a handful). */
export const VERIFY_POLICY: ThrottlePolicy = { maxFailures: 60, windowMs: 60_000 };

/** The process's verification limiter, shared by the four public verification routes. */
export const verifyLimiter: RateLimiter = createRateLimiter(VERIFY_POLICY);

/**
 * Counts one verification request from this address on `limiter` (the process's by default):
 * ok, or a `rate_limited` error (with the wait) when over the limit.
 */
export function verificationLimit(clientAddress: string | undefined, limiter: RateLimiter = verifyLimiter): Result {
  const d = limiter.hit(clientAddress ?? 'unknown');
  if (d.allowed) return ok();
  return fail('rate_limited', `Too many verification requests. ${describeRetry(d.retryAfterMs)}`, {
    retryAfterMs: d.retryAfterMs,
  });
}

/**
 * `verificationLimit` for routes that answer it directly: null while allowed, else the 429
 * response (`{ "error": … }` with Retry-After, through `errorResponse`).
 */
export function limitVerification(
  clientAddress: string | undefined,
  limiter: RateLimiter = verifyLimiter,
): Response | null {
  const limited = verificationLimit(clientAddress, limiter);
  return limited.ok ? null : errorResponse(limited.error);
}
