/**
 * A sliding-window limiter for public endpoints (certificate verification), on the same rule as
 * sign-in throttling. The process's limiters keep their hits in SQLite (the `auth_failures`
 * table, keyed `<limiter>:<key>`), so that they hold across the processes of `STIPPLE_WORKERS`
 * and each check-and-record is one transaction; a limiter without a database keeps them in memory.
 *
 * Limiters are made by `createRateLimiter`, each with its own store and clock, so a test
 * builds its own and steps time instead of sharing the process's limiter or sleeping.
 */
import { and, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authFailures } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { openedDb } from './db.ts';
import { errorResponse } from './http.ts';
import { describeRetry, evaluateThrottle, type ThrottleDecision, type ThrottlePolicy } from '../lib/auth/throttle.ts';

/** Beyond this many keys, keys with no hit inside the window are forgotten on the next hit. */
const PRUNE_ABOVE_KEYS = 10_000;

/** What a limiter keeps: for each key, the times (epoch ms) of its allowed hits. */
export type RateLimitStore = Map<string, number[]>;

/** Where a limiter keeps its hits and reads the time; both default to a fresh map and `Date.now`. */
export interface RateLimiterOptions {
  store?: RateLimitStore;
  /**
   * The database to keep hits in, asked on every hit (undefined: use `store`). Hits are rows
   * keyed `<name>:<key>`, checked and recorded in one immediate transaction.
   */
  db?: () => Db | undefined;
  /** The limiter's name in the database keys (default `limit`). */
  name?: string;
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
  const name = options.name ?? 'limit';
  return {
    hit(key: string): ThrottleDecision {
      const now = clock();
      const db = options.db?.();
      if (db) return hitInDatabase(db, `${name}:${key}`, now, policy);
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

/** One hit on the database: the key's recent hits read, judged and (if allowed) recorded in one transaction. */
function hitInDatabase(db: Db, key: string, now: number, policy: ThrottlePolicy): ThrottleDecision {
  return db.transaction(
    (tx) => {
      const since = new Date(now - policy.windowMs);
      // The key's hits that left the window matter to no rule any more.
      tx.delete(authFailures)
        .where(and(eq(authFailures.key, key), lte(authFailures.at, since)))
        .run();
      const recent = tx
        .select({ at: authFailures.at })
        .from(authFailures)
        .where(and(eq(authFailures.key, key), gt(authFailures.at, since)))
        .all()
        .map((r) => r.at.getTime());
      const decision = evaluateThrottle(recent, now, policy);
      if (decision.allowed)
        tx.insert(authFailures)
          .values({ key, at: new Date(now) })
          .run();
      return decision;
    },
    { behavior: 'immediate' },
  );
}

/** Verification: 60 look-ups a minute per address (a verifier needs a handful). */
export const VERIFY_POLICY: ThrottlePolicy = { maxFailures: 60, windowMs: 60_000 };

/**
 * The verification limiter shared by the four public verification routes, kept in the
 * academy's database (so shared by all its server processes) once it is open.
 */
export const verifyLimiter: RateLimiter = createRateLimiter(VERIFY_POLICY, { db: openedDb, name: 'verify' });

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
