/**
 * Instructors' resets of a trainee's knowledge check, and each check's standing as staff see
 * it. After the attempts of a round are used up a trainee waits the check's rest (24 hours by
 * default) — or an instructor or admin of the trainee's academy resets the check, with a
 * reason, audited. A reset is written only for a current trainee of the staff member's own
 * academy, and only when the trainee has failed attempts in the current round.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { checkAttempts, checkResets, memberships, users } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import type { CheckGate } from '../lib/learning/check-policy.ts';
import type { Check } from '../lib/learning/schema.ts';
import { audit } from './audit.ts';
import { checkGateFor } from './learning.ts';

/** One check as staff see it for a trainee: passed or not, the gate, and the last reset. */
export interface CheckStanding {
  check: Check;
  passed: boolean;
  attempts: number;
  gate: CheckGate;
  /** Failed attempts in the current round (what a reset would clear). */
  failuresInRound: number;
  lastReset: { at: Date; by: string; reason: string } | null;
}

/** The standing of each of the course's checks for one trainee. */
export function checkStandings(db: Queryable, userId: number, checks: Check[], now = new Date()): CheckStanding[] {
  const attempts = db
    .select({ checkId: checkAttempts.checkId, passed: checkAttempts.passed })
    .from(checkAttempts)
    .where(eq(checkAttempts.userId, userId))
    .all();
  const resets = db
    .select({
      checkId: checkResets.checkId,
      at: checkResets.createdAt,
      reason: checkResets.reason,
      by: users.displayName,
    })
    .from(checkResets)
    .innerJoin(users, eq(users.id, checkResets.resetBy))
    .where(eq(checkResets.userId, userId))
    .orderBy(asc(checkResets.createdAt))
    .all();
  return checks.map((check) => {
    const mine = attempts.filter((a) => a.checkId === check.module);
    const gate = checkGateFor(db, userId, check, now);
    const last = resets.filter((r) => r.checkId === check.module).at(-1);
    return {
      check,
      passed: mine.some((a) => a.passed),
      attempts: mine.length,
      gate,
      failuresInRound: check.attempts.max - gate.attemptsLeft,
      lastReset: last ? { at: last.at, by: last.by, reason: last.reason } : null,
    };
  });
}

/** A reset asked for by a staff member of `academyId`. */
export interface ResetRequest {
  academyId: number;
  actorId: number;
  traineeId: number;
  check: Check;
  reason: string;
}

/**
 * Resets a trainee's check: refuses a staff member who is not a current instructor or admin
 * of the academy (`forbidden`), a trainee who is not a current trainee of it (`not_found`,
 * as if there were none), a check with no failed attempt in the current round (`conflict`);
 * else writes the reset and its audit entry in one transaction and returns the new gate.
 */
export function resetCheck(db: Db, request: ResetRequest, now = new Date()): Result<CheckGate> {
  const { academyId, actorId, traineeId, check, reason } = request;
  return db.transaction((tx) => {
    const member = (userId: number, roles: Array<'trainee' | 'instructor' | 'admin'>) =>
      tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, userId),
            eq(memberships.academyId, academyId),
            inArray(memberships.role, roles),
            isNull(memberships.removedAt),
          ),
        )
        .get();
    if (!member(actorId, ['instructor', 'admin']))
      return fail('forbidden', 'Only an instructor or admin of the trainee’s academy can reset a check.');
    if (!member(traineeId, ['trainee'])) return fail('not_found', 'There is no such trainee in your academy.');
    const before = checkGateFor(tx, traineeId, check, now);
    if (before.attemptsLeft >= check.attempts.max)
      return fail(
        'conflict',
        `Nothing to reset: every attempt of “${check.title}” is available to this trainee already.`,
      );
    tx.insert(checkResets)
      .values({ userId: traineeId, checkId: check.module, academyId, resetBy: actorId, reason, createdAt: now })
      .run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'check.reset',
      subject: `user:${traineeId}`,
      detail: { check: check.module, reason, attemptsLeftBefore: before.attemptsLeft, state: before.state },
    });
    return ok(checkGateFor(tx, traineeId, check, now));
  });
}
