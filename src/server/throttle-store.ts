/** Recorded sign-in failures for the throttle rule in src/lib/auth/throttle.ts. */
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authFailures } from '../../db/schema.ts';
import { ACCOUNT_POLICY, IP_POLICY, evaluateThrottle, type ThrottleDecision } from '../lib/auth/throttle.ts';

/** The throttle key of an account (by normalised email). */
export const accountKey = (email: string) => `account:${email}`;
/** The throttle key of a client address. */
export const ipKey = (ip: string) => `ip:${ip}`;

function failureTimes(db: Db, key: string, since: number): number[] {
  return db
    .select({ at: authFailures.at })
    .from(authFailures)
    .where(and(eq(authFailures.key, key), gt(authFailures.at, new Date(since))))
    .all()
    .map((r) => r.at.getTime());
}

/** Whether a sign-in for `email` from `ip` may be attempted now; the stricter of the two rules wins. */
export function checkSignInThrottle(db: Db, email: string, ip: string, now: number): ThrottleDecision {
  const byAccount = evaluateThrottle(
    failureTimes(db, accountKey(email), now - ACCOUNT_POLICY.windowMs),
    now,
    ACCOUNT_POLICY,
  );
  const byIp = evaluateThrottle(failureTimes(db, ipKey(ip), now - IP_POLICY.windowMs), now, IP_POLICY);
  if (byAccount.allowed && byIp.allowed) return { allowed: true };
  const waits = [byAccount, byIp].flatMap((d) => (d.allowed ? [] : [d.retryAfterMs]));
  return { allowed: false, retryAfterMs: Math.max(...waits) };
}

/** Records a failed sign-in against the account and the address, and prunes failures older than a day. */
export function recordSignInFailure(db: Db, email: string, ip: string, now: number): void {
  const at = new Date(now);
  db.transaction((tx) => {
    tx.insert(authFailures)
      .values([
        { key: accountKey(email), at },
        { key: ipKey(ip), at },
      ])
      .run();
    // Keep the table small: failures older than a day matter to no rule.
    tx.delete(authFailures)
      .where(lt(authFailures.at, new Date(now - 24 * 60 * 60 * 1000)))
      .run();
  });
}

/** A correct password clears the account's failures (not the address's). */
export function clearAccountFailures(db: Db, email: string): void {
  db.delete(authFailures)
    .where(eq(authFailures.key, accountKey(email)))
    .run();
}

/** A sign-in attempt that passed the throttle and already counts as a failure until it is released. */
export type SignInReservation = { allowed: true; release: () => void } | { allowed: false; retryAfterMs: number };

/**
 * Checks the throttle and, when allowed, records this attempt as a failure in the same
 * immediate transaction (the write lock is taken before the read, so concurrent attempts —
 * in this process or another — queue up, and at most the allowed number pass). A correct
 * password then `release`s the reservation; a wrong one leaves it recorded.
 */
export function reserveSignInAttempt(db: Db, email: string, ip: string, now: number): SignInReservation {
  return db.transaction(
    (tx): SignInReservation => {
      const decision = checkSignInThrottle(tx as unknown as Db, email, ip, now);
      if (!decision.allowed) return decision;
      const at = new Date(now);
      const ids = tx
        .insert(authFailures)
        .values([
          { key: accountKey(email), at },
          { key: ipKey(ip), at },
        ])
        .returning({ id: authFailures.id })
        .all()
        .map((r) => r.id);
      tx.delete(authFailures)
        .where(lt(authFailures.at, new Date(now - 24 * 60 * 60 * 1000)))
        .run();
      return {
        allowed: true,
        release: () => {
          db.delete(authFailures).where(inArray(authFailures.id, ids)).run();
        },
      };
    },
    { behavior: 'immediate' },
  );
}
