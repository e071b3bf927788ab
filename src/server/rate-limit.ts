/**
 * An in-memory sliding-window limiter for public endpoints (certificate verification),
 * on the same rule as sign-in throttling. Per process, which is what this single-server
 * academy runs; it forgets on restart, which only ever errs toward letting people in.
 */
import { fail, ok, type Result } from '../lib/errors.ts';
import { describeRetry, evaluateThrottle, type ThrottleDecision, type ThrottlePolicy } from '../lib/auth/throttle.ts';

/** A sliding-window limiter over `policy`, keyed by (for example) client address. */
export function createRateLimiter(policy: ThrottlePolicy) {
  const hits = new Map<string, number[]>();
  return {
    /** Records a request from `key` and says whether it is allowed. */
    hit(key: string, now = Date.now()): ThrottleDecision {
      const recent = (hits.get(key) ?? []).filter((t) => t > now - policy.windowMs);
      const decision = evaluateThrottle(recent, now, policy);
      if (decision.allowed) recent.push(now);
      hits.set(key, recent);
      if (hits.size > 10_000) for (const [k, v] of hits) if (!v.some((t) => t > now - policy.windowMs)) hits.delete(k);
      return decision;
    },
  };
}

/** Verification: 60 look-ups a minute per address (a verifier needs a handful). */
export const verifyLimiter = createRateLimiter({ maxFailures: 60, windowMs: 60_000 });

/** Counts one verification request from this address: ok, or a `rate_limited` error when over the limit. */
export function limitVerification(clientAddress: string | undefined): Result {
  const d = verifyLimiter.hit(clientAddress ?? 'unknown');
  if (d.allowed) return ok();
  return fail('rate_limited', `Too many verification requests. ${describeRetry(d.retryAfterMs)}`, {
    retryAfterMs: d.retryAfterMs,
  });
}
