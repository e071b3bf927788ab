/** Storage of lesson progress and knowledge-check attempts, and the learner state built from them. */
import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { checkAttempts, lessonProgress } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { preparedOnce } from './prepared.ts';
import { scoreCheck, tooSoon, validateAnswers, type Answers, type CheckResult } from '../lib/learning/check-scoring.ts';
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
      .select()
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, sql.placeholder('userId')))
      .prepare(),
  ).all({ userId });
  const passed = preparedOnce(db, 'passed-checks-of-user', () =>
    db
      .selectDistinct({ checkId: checkAttempts.checkId })
      .from(checkAttempts)
      .where(and(eq(checkAttempts.userId, sql.placeholder('userId')), eq(checkAttempts.passed, true)))
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

/** A scored, stored check attempt: the cleaned answers and the result. */
export interface SubmittedCheck {
  answers: Answers;
  result: CheckResult;
}

/**
 * Submits answers to a knowledge check: validates them (`invalid`), refuses a second
 * submission within the cooldown (`rate_limited`, with the wait), else scores and stores
 * the attempt. Cooldown check and write run in one synchronous transaction, so a burst
 * cannot slip two attempts in.
 */
export function submitCheck(
  db: Db,
  userId: number,
  check: Check,
  answers: Answers,
  now = new Date(),
): Result<SubmittedCheck> {
  const validated = validateAnswers(check, answers);
  if (!validated.ok) return validated;
  return db.transaction((tx) => {
    const wait = tooSoon(lastCheckAttemptAt(tx, userId, check.module), now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return fail('rate_limited', `You just submitted this check. Wait ${seconds} seconds before trying again.`, {
        retryAfterMs: seconds * 1000,
      });
    }
    const result = scoreCheck(check, validated.value);
    recordCheckAttempt(tx, userId, check.module, validated.value, result, now);
    return ok({ answers: validated.value, result });
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
