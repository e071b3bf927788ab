/**
 * Sign-in throttling as a pure rule over recent failure times. Five wrong passwords for an
 * account within 15 minutes lock further attempts on it until the oldest falls out of the
 * window; an IP address gets a larger allowance, since a classroom shares one address.
 */

/** At most `maxFailures` failed attempts within `windowMs`. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

/** Per account: five wrong passwords within 15 minutes. */
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60 * 1000 };
/** Per address: twenty failures within 15 minutes (a classroom shares one address). */
export const IP_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60 * 1000 };

/** Whether another attempt may go ahead now, or how long until one may. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** `failures` are epoch-millisecond times of earlier failed attempts (any order). */
export function evaluateThrottle(failures: readonly number[], now: number, policy: ThrottlePolicy): ThrottleDecision {
  const recent = failures.filter((t) => t > now - policy.windowMs && t <= now).sort((a, b) => a - b);
  if (recent.length < policy.maxFailures) return { allowed: true };
  // Attempts open again once enough failures have aged out of the window.
  const unlockingFailure = recent[recent.length - policy.maxFailures]!;
  return { allowed: false, retryAfterMs: unlockingFailure + policy.windowMs - now };
}

/** "Try again in 12 minutes." — for the 429 message. */
export function describeRetry(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
