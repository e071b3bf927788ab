/** Storage of lesson progress and knowledge-check attempts, and the learner state built from them. */
import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { checkAttempts, checkResets, lessonProgress, users } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { bound, preparedOnce } from './prepared.ts';
import { scoreCheck, validateAnswers, type Answers, type CheckResult } from '../lib/learning/check-scoring.ts';
import { attemptOrder, checkGate, drawnCheck, type CheckGate } from '../lib/learning/check-policy.ts';
import type { Curriculum, ModulePlan } from '../lib/learning/curriculum.ts';
import {
  checkStatus,
  lessonStatus,
  type CheckStatus,
  type LearnerState,
  type LessonStatus,
} from '../lib/learning/progress.ts';
import type { Check } from '../lib/learning/schema.ts';

/** What a trainee has opened, completed and passed, for unlocking and progress. */
export function learnerState(db: Db, userId: number): LearnerState {
  const rows = preparedOnce(db, 'lesson-progress-of-user', () =>
    db
      .select({
        lessonId: lessonProgress.lessonId,
        lastOpenedAt: lessonProgress.lastOpenedAt,
        completedAt: lessonProgress.completedAt,
      })
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, bound('userId')))
      .prepare(),
  ).all({ userId });
  const passed = preparedOnce(db, 'passed-checks-of-user', () =>
    db
      .selectDistinct({ checkId: checkAttempts.checkId })
      .from(checkAttempts)
      .where(and(eq(checkAttempts.userId, bound('userId')), eq(checkAttempts.passed, sql`1`)))
      .prepare(),
  ).all({ userId });
  return {
    completed: new Map(rows.filter((r) => r.completedAt).map((r) => [r.lessonId, r.completedAt!])),
    opened: new Map(rows.map((r) => [r.lessonId, r.lastOpenedAt])),
    passedChecks: new Set(passed.map((p) => p.checkId)),
  };
}

/** A lesson's last opening is written again only when the stored one is older than this (ms): not on every view. */
export const OPENED_RECORD_INTERVAL_MS = 15 * 60_000;

/**
 * Notes that a lesson was opened (the first opening time is kept). Given the learner state the
 * page already read, it writes only the first opening and then at most once per
 * OPENED_RECORD_INTERVAL_MS — a reader paging back and forth costs no write — and updates
 * that state in place, so the page needs no second read. Returns whether it wrote.
 */
export function recordLessonOpened(
  db: Db,
  userId: number,
  lessonId: string,
  now = new Date(),
  state?: LearnerState,
): boolean {
  const last = state?.opened.get(lessonId);
  if (last && now.getTime() - last.getTime() < OPENED_RECORD_INTERVAL_MS) return false;
  db.insert(lessonProgress)
    .values({ userId, lessonId, firstOpenedAt: now, lastOpenedAt: now })
    .onConflictDoUpdate({ target: [lessonProgress.userId, lessonProgress.lessonId], set: { lastOpenedAt: now } })
    .run();
  state?.opened.set(lessonId, now);
  return true;
}

/** Marks a lesson complete (idempotent: the first completion time is kept). */
export function recordLessonCompleted(db: Db, userId: number, lessonId: string, now = new Date()): void {
  db.insert(lessonProgress)
    .values({ userId, lessonId, firstOpenedAt: now, lastOpenedAt: now, completedAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { lastOpenedAt: now, completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now.getTime()})` },
    })
    .run();
}

/** When the trainee last submitted this knowledge check, or null (for the cooldown). */
export function lastCheckAttemptAt(db: Queryable, userId: number, checkId: string): Date | null {
  const row = db
    .select({ at: max(checkAttempts.createdAt) })
    .from(checkAttempts)
    .where(and(eq(checkAttempts.userId, userId), eq(checkAttempts.checkId, checkId)))
    .get();
  return row?.at ?? null;
}

/** Stores a scored knowledge-check attempt; returns its id. */
export function recordCheckAttempt(
  db: Queryable,
  userId: number,
  checkId: string,
  answers: Answers,
  result: CheckResult,
  now = new Date(),
): number {
  return db
    .insert(checkAttempts)
    .values({
      userId,
      checkId,
      answers,
      correct: result.correct,
      total: result.total,
      score: Math.round(result.score * 100),
      passed: result.passed,
      createdAt: now,
    })
    .returning({ id: checkAttempts.id })
    .get().id;
}

/** A trainee's attempts at one knowledge check, newest first. */
export function checkHistory(db: Db, userId: number, checkId: string) {
  return db
    .select()
    .from(checkAttempts)
    .where(and(eq(checkAttempts.userId, userId), eq(checkAttempts.checkId, checkId)))
    .orderBy(desc(checkAttempts.createdAt))
    .all();
}

/** A scored, stored check attempt: the cleaned answers, the result and the gate after it. */
export interface SubmittedCheck {
  answers: Answers;
  result: CheckResult;
  /** Whether (and when) the check may be taken again after this attempt. */
  gate: CheckGate;
}

/** When an instructor reset this check for this trainee, oldest first (for the attempt gate). */
export function checkResetTimes(db: Queryable, userId: number, checkId: string): Date[] {
  return db
    .select({ at: checkResets.createdAt })
    .from(checkResets)
    .where(and(eq(checkResets.userId, userId), eq(checkResets.checkId, checkId)))
    .orderBy(asc(checkResets.createdAt))
    .all()
    .map((r) => r.at);
}

/** The latest reset of this check for this trainee: when, and by whom (display name), or null. */
export function latestCheckReset(db: Queryable, userId: number, checkId: string): { at: Date; by: string } | null {
  return (
    db
      .select({ at: checkResets.createdAt, by: users.displayName })
      .from(checkResets)
      .innerJoin(users, eq(users.id, checkResets.resetBy))
      .where(and(eq(checkResets.userId, userId), eq(checkResets.checkId, checkId)))
      .orderBy(desc(checkResets.createdAt))
      .limit(1)
      .get() ?? null
  );
}

/** Whether the trainee may take the check now, under the check's attempt policy and the resets made for them. */
export function checkGateFor(db: Queryable, userId: number, check: Check, now = new Date()): CheckGate {
  const attempts = db
    .select({ at: checkAttempts.createdAt, passed: checkAttempts.passed })
    .from(checkAttempts)
    .where(and(eq(checkAttempts.userId, userId), eq(checkAttempts.checkId, check.module)))
    .all();
  return checkGate(attempts, checkResetTimes(db, userId, check.module), check.attempts, now);
}

/** The sentence that tells a trainee why the check cannot be submitted now. */
export function gateMessage(gate: CheckGate, now = new Date()): string {
  if (gate.state === 'open' || !gate.until) return '';
  const wait = gate.until.getTime() - now.getTime();
  const minutes = Math.ceil(wait / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span =
    wait < 60_000
      ? plural(Math.ceil(wait / 1000), 'second')
      : minutes < 120
        ? plural(minutes, 'minute')
        : plural(Math.round(minutes / 60), 'hour');
  if (gate.state === 'burst')
    return `You just submitted this check. Wait ${Math.ceil(wait / 1000)} seconds before trying again.`;
  return gate.state === 'rest'
    ? `You have used the attempts of this round. The check opens again in about ${span}; reread the lessons meanwhile, or ask an instructor.`
    : `Take a moment to reread before trying again: the check opens again in ${span}.`;
}

/**
 * Submits answers to a knowledge check: refuses a submission the attempt policy does not
 * allow yet (`rate_limited`, with the wait), and a form made for an earlier attempt
 * (`conflict`, when the form says which attempt it was made for); validates the answers
 * against the questions this attempt drew from the bank (`invalid`), else scores them and
 * stores the attempt. Gate check and write run in one synchronous transaction, so a burst
 * cannot slip two attempts in.
 */
export function submitCheck(
  db: Db,
  userId: number,
  check: Check,
  answers: Answers,
  now = new Date(),
  formAttempt?: number,
): Result<SubmittedCheck> {
  return db.transaction((tx) => {
    const before = checkGateFor(tx, userId, check, now);
    if (before.state !== 'open') {
      const wait = before.until!.getTime() - now.getTime();
      return fail('rate_limited', gateMessage(before, now), { retryAfterMs: Math.ceil(wait / 1000) * 1000 });
    }
    if (formAttempt !== undefined && formAttempt !== before.attemptsMade)
      return fail(
        'conflict',
        'These answers were for an earlier attempt; this attempt asks other questions. Nothing was recorded: answer the questions below.',
      );
    const asked = drawnCheck(check, attemptOrder(check, userId, before.attemptsMade));
    const validated = validateAnswers(asked, answers);
    if (!validated.ok) return validated;
    const result = scoreCheck(asked, validated.value);
    recordCheckAttempt(tx, userId, check.module, validated.value, result, now);
    return ok({ answers: validated.value, result, gate: checkGateFor(tx, userId, check, now) });
  });
}

/** Who is asking for a lesson or check: staff (anyone but a trainee) are never held by the module lock. */
export interface LearnerViewer {
  userId: number;
  role: string;
}

/** A lesson's status for a learner and whether the module lock holds it back from this viewer. */
export interface LessonAccess {
  state: LearnerState;
  status: LessonStatus;
  /** Locked for this viewer: a trainee who has not finished the lessons before it. */
  locked: boolean;
}

/** A check's status for a learner and whether the module lock holds it back from this viewer. */
export interface CheckAccess {
  state: LearnerState;
  status: CheckStatus;
  /** Locked for this viewer: a trainee who has not completed the module's lessons. */
  locked: boolean;
}

/** The module lock on a lesson: staff may open every lesson, trainees only those unlocked. */
export function lessonAccess(db: Db, course: Curriculum, viewer: LearnerViewer, lessonId: string): LessonAccess {
  const state = learnerState(db, viewer.userId);
  const status = lessonStatus(course, state, lessonId);
  return { state, status, locked: status.state === 'locked' && viewer.role === 'trainee' };
}

/** The module lock on a module's knowledge check: staff may take every check, trainees only after the lessons. */
export function checkAccess(db: Db, module: ModulePlan, viewer: LearnerViewer): CheckAccess {
  const state = learnerState(db, viewer.userId);
  const status = checkStatus(module, state);
  return { state, status, locked: status.state === 'locked' && viewer.role === 'trainee' };
}
