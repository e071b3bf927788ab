/** The grading workflow on the database: the queue, claims, reviews with annotations, corrections. */
import { checkNotOwnWork } from '../lib/academy/rules.ts';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { annotations, claims, drillAttempts, gradingQueueCounts, reviews, users } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { decideClaim, decideGrade, type Claim } from '../lib/grading/claims.ts';
import { claimState } from '../lib/grading/claims.ts';
import { asciiLower, type QueueEntry, type QueueFilter, type QueueSummary } from '../lib/grading/queue.ts';
import type { ClaimState } from '../lib/grading/claims.ts';
import {
  currentReviewOf,
  supersededIds,
  type Annotation,
  type ReviewLevels,
  type ReviewPayload,
} from '../lib/grading/review.ts';
import type { Rubric } from '../lib/grading/rubric.ts';
import { staffMaySee } from '../lib/grading/submissions.ts';
import { audit } from './audit.ts';
import { notify } from './notifications.ts';

/**
 * The "current review" rule in SQL, for a query over `reviews`: no other review supersedes
 * this one. The same rule on loaded reviews is `currentReviewOf` in `src/lib/grading/review.ts`.
 */
export function isCurrentReview(): SQL {
  return sql`not exists (select 1 from reviews r2 where r2.supersedes = ${reviews.id})`;
}

/** Submissions per page of the grading queue. */
export const QUEUE_PAGE_SIZE = 50;

/** One page of an academy's grading queue with the counts around it. */
export interface QueuePage {
  rows: Array<QueueEntry & { claimState: ClaimState }>;
  summary: QueueSummary;
  /** Submissions that pass the filter. */
  matching: number;
  page: number;
  pages: number;
}

/**
 * One page of the academy's grading queue, filtered and ordered in SQL, with the summary
 * counts: three statements at most, and the same work whatever the queue's length. The
 * counts come from the counters the triggers keep (`grading_queue_counts`,
 * `grading_claim_counts`: waiting submissions, and claim rows on them in all and per
 * instructor), less the claims that have expired, which `claims_live_idx` finds without
 * reading the live ones; the oldest submission is the first entry of
 * `drill_attempts_waiting_oldest_idx`. The page's rows are read in that index's order (or
 * the newest-first one's), never sorted. Only a template, trainee or name filter counts the
 * submissions matching it. The same filters and order as `filterQueue` and the same counts
 * as `summarise`.
 */
export function queuePage(
  db: Queryable,
  academyId: number,
  templateNames: Map<string, string>,
  filter: QueueFilter,
  me: number,
  now: Date,
  page: number,
  size = QUEUE_PAGE_SIZE,
): QueuePage {
  const t = now.getTime();
  const waiting = sql`da.academy_id = ${academyId} and da.status = 'submitted'`;
  const s = db.get<{
    waiting: number | null;
    claimedAll: number | null;
    mineAll: number | null;
    oldest: number | null;
    expired: number;
    expiredMine: number;
  }>(sql`
    select (select q.waiting from grading_queue_counts q where q.academy_id = ${academyId}) as waiting,
      (select q.claimed from grading_queue_counts q where q.academy_id = ${academyId}) as claimedAll,
      (select m.claimed from grading_claim_counts m where m.academy_id = ${academyId} and m.user_id = ${me}) as mineAll,
      (select min(da.submitted_at) from drill_attempts da where ${waiting}) as oldest,
      (select count(*) from claims c cross join drill_attempts da on da.id = c.attempt_id
        where c.expires_at <= ${t} and ${waiting}) as expired,
      (select count(*) from claims c cross join drill_attempts da on da.id = c.attempt_id
        where c.user_id = ${me} and c.expires_at <= ${t} and ${waiting}) as expiredMine
  `)!;
  const claimed = (s.claimedAll ?? 0) - s.expired;
  const summary: QueueSummary = {
    waiting: s.waiting ?? 0,
    unclaimed: (s.waiting ?? 0) - claimed,
    mine: (s.mineAll ?? 0) - s.expiredMine,
    oldestAgeMs: s.oldest === null ? null : t - s.oldest,
  };
  const conditions = [waiting];
  if (filter.templateId) conditions.push(sql`da.template_id = ${filter.templateId}`);
  if (filter.traineeId) conditions.push(sql`da.user_id = ${filter.traineeId}`);
  if (filter.q) conditions.push(sql`instr(lower(u.display_name), ${asciiLower(filter.q)}) > 0`);
  if (filter.status === 'waiting') conditions.push(sql`(c.expires_at is null or c.expires_at <= ${t})`);
  if (filter.status === 'mine') conditions.push(sql`(c.user_id = ${me} and c.expires_at > ${t})`);
  if (filter.status === 'claimed') conditions.push(sql`(c.user_id != ${me} and c.expires_at > ${t})`);
  const where = sql.join(conditions, sql` and `);
  const byStatus = {
    all: summary.waiting,
    waiting: summary.unclaimed,
    mine: summary.mine,
    claimed: claimed - summary.mine,
  };
  const matching =
    filter.templateId || filter.traineeId || filter.q
      ? db.get<{ n: number }>(sql`
    select count(*) as n from drill_attempts da cross join users u on u.id = da.user_id
    left join claims c on c.attempt_id = da.id where ${where}
  `)!.n
      : byStatus[filter.status];
  const pages = Math.max(1, Math.ceil(matching / size));
  const current = Math.min(Math.max(1, page), pages);
  const order = filter.order === 'newest' ? sql`da.submitted_at desc, da.id asc` : sql`da.submitted_at asc, da.id asc`;
  const rows = db.all<{
    attemptId: number;
    traineeId: number;
    traineeName: string;
    templateId: string;
    submittedAt: number;
    total: number | null;
    pass: number | null;
    claimUser: number | null;
    claimExpires: number | null;
    claimName: string | null;
  }>(sql`
    select da.id as attemptId, da.user_id as traineeId, u.display_name as traineeName, da.template_id as templateId,
      da.submitted_at as submittedAt, da.total as total, da.pass as pass,
      c.user_id as claimUser, c.expires_at as claimExpires, cu.display_name as claimName
    from drill_attempts da
    cross join users u on u.id = da.user_id
    left join claims c on c.attempt_id = da.id
    left join users cu on cu.id = c.user_id
    where ${where}
    order by ${order}
    limit ${size} offset ${(current - 1) * size}
  `);
  return {
    rows: rows.map((r) => {
      const claim =
        r.claimUser && r.claimExpires
          ? { userId: r.claimUser, userName: r.claimName ?? 'Another instructor', expiresAt: new Date(r.claimExpires) }
          : null;
      return {
        attemptId: r.attemptId,
        traineeId: r.traineeId,
        traineeName: r.traineeName,
        templateId: r.templateId,
        templateName: templateNames.get(r.templateId) ?? r.templateId,
        submittedAt: new Date(r.submittedAt),
        total: r.total ?? 0,
        pass: Boolean(r.pass),
        claim,
        claimState: claimState(claim, me, now),
      };
    }),
    summary,
    matching,
    page: current,
    pages,
  };
}

/** The claim on a submission (expired or not), with the claimant's name; null if none. */
export function getClaim(db: Pick<Queryable, 'select'>, attemptId: number): Claim | null {
  const r = db
    .select({ userId: claims.userId, expiresAt: claims.expiresAt, userName: users.displayName })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.userId))
    .where(eq(claims.attemptId, attemptId))
    .get();
  return r ?? null;
}

function attemptStatus(db: Pick<Queryable, 'select'>, attemptId: number) {
  return db
    .select({ status: drillAttempts.status, academyId: drillAttempts.academyId, userId: drillAttempts.userId })
    .from(drillAttempts)
    .where(eq(drillAttempts.id, attemptId))
    .get();
}

/** Claims (or renews the claim on) a submission of `academyId` for `userId`: `not_found` or `conflict` otherwise. */
export function claimAttempt(
  db: Queryable,
  attemptId: number,
  academyId: number,
  userId: number,
  now = new Date(),
): Result<{ expiresAt: Date }> {
  return db.transaction((tx): Result<{ expiresAt: Date }> => {
    const a = attemptStatus(tx, attemptId);
    if (!a || a.academyId !== academyId) return fail('not_found', 'No such submission in your academy.');
    const own = checkNotOwnWork(userId, a.userId, 'claim');
    if (!own.ok) return own;
    const decision = decideClaim(a.status, getClaim(tx, attemptId), userId, now);
    if (!decision.ok) return decision;
    const { expiresAt } = decision.value;
    tx.insert(claims)
      .values({ attemptId, userId, claimedAt: now, expiresAt })
      .onConflictDoUpdate({ target: claims.attemptId, set: { userId, claimedAt: now, expiresAt } })
      .run();
    audit(tx, {
      academyId,
      actorUserId: userId,
      action: 'attempt.claimed',
      subject: `attempt:${attemptId}`,
      detail: { expiresAt: expiresAt.toISOString() },
    });
    return ok({ expiresAt });
  });
}

/** Gives up one's own claim. */
export function releaseClaim(db: Db, attemptId: number, academyId: number, userId: number): Result {
  return db.transaction((tx): Result => {
    const a = attemptStatus(tx, attemptId);
    if (!a || a.academyId !== academyId) return fail('not_found', 'No such submission in your academy.');
    const deleted = tx
      .delete(claims)
      .where(and(eq(claims.attemptId, attemptId), eq(claims.userId, userId)))
      .run();
    if (deleted.changes === 0) return fail('conflict', 'You do not hold a claim on this submission.');
    audit(tx, { academyId, actorUserId: userId, action: 'attempt.released', subject: `attempt:${attemptId}` });
    return ok();
  });
}

/** A review as stored, with its annotations and whether a later correction superseded it. */
export interface StoredReview {
  id: number;
  attemptId: number;
  instructorId: number;
  instructorName: string;
  verdict: 'pass' | 'redo';
  levels: ReviewLevels;
  rubric: Rubric;
  comment: string;
  supersedes: number | null;
  createdAt: Date;
  annotations: Annotation[];
  /** Superseded by a later correction. */
  superseded: boolean;
}

/** Every review of an attempt, newest first, with annotations. */
export function reviewsOf(db: Db, attemptId: number): StoredReview[] {
  const rows = db
    .select({
      id: reviews.id,
      attemptId: reviews.attemptId,
      instructorId: reviews.instructorId,
      instructorName: users.displayName,
      verdict: reviews.verdict,
      levels: reviews.levels,
      rubric: reviews.rubric,
      comment: reviews.comment,
      supersedes: reviews.supersedes,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.instructorId))
    .where(eq(reviews.attemptId, attemptId))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .all();
  if (!rows.length) return [];
  const notes = db
    .select()
    .from(annotations)
    .where(
      inArray(
        annotations.reviewId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(annotations.id))
    .all();
  const superseded = supersededIds(rows);
  return rows.map((r) => ({
    ...r,
    annotations: notes
      .filter((n) => n.reviewId === r.id)
      .map(({ kind, x, y, radius, criterion, text }) => ({ kind, x, y, radius, criterion, text })),
    superseded: superseded.has(r.id),
  }));
}

/** The current review of an attempt (the one no correction superseded), or null before the first grade. */
export function currentReview(db: Db, attemptId: number): StoredReview | null {
  return currentReviewOf(reviewsOf(db, attemptId));
}

/**
 * Records a review: either a first grade (the grader must hold the claim) or a correction
 * of the current review of a graded attempt. Immutable: nothing is ever updated in place.
 * The review keeps a copy of the attempt's automatic verdict, total and score version.
 */
export function submitReview(
  db: Queryable,
  attemptId: number,
  academyId: number,
  grader: { id: number; name: string },
  rubric: Rubric,
  review: ReviewPayload,
  now = new Date(),
): Result<{ reviewId: number }> {
  return db.transaction((tx): Result<{ reviewId: number }> => {
    const a = tx
      .select({
        status: drillAttempts.status,
        academyId: drillAttempts.academyId,
        userId: drillAttempts.userId,
        templateId: drillAttempts.templateId,
        pass: drillAttempts.pass,
        total: drillAttempts.total,
        scoreVersion: drillAttempts.scoreVersion,
      })
      .from(drillAttempts)
      .where(eq(drillAttempts.id, attemptId))
      .get();
    if (!a || !staffMaySee(a, academyId)) return fail('not_found', 'No such submission in your academy.');
    const own = checkNotOwnWork(grader.id, a.userId);
    if (!own.ok) return own;
    let supersedes: number | null = null;
    if (review.supersedes !== undefined) {
      const current = tx
        .select({ id: reviews.id })
        .from(reviews)
        .where(and(eq(reviews.attemptId, attemptId), isCurrentReview()))
        .get();
      if (a.status !== 'graded' || !current) return fail('conflict', 'Only a graded submission can be corrected.');
      if (current.id !== review.supersedes)
        return fail('conflict', 'That review has already been corrected; reload to see the current one.');
      supersedes = current.id;
    } else {
      const decision = decideGrade(a.status, getClaim(tx, attemptId), grader.id, now);
      if (!decision.ok) return decision;
    }
    const { id: reviewId } = tx
      .insert(reviews)
      .values({
        attemptId,
        instructorId: grader.id,
        verdict: review.verdict,
        levels: review.levels,
        rubric,
        comment: review.comment,
        supersedes,
        createdAt: now,
        // The automatic score beside the verdict, as the instructor saw it (for /academy/agreement).
        autoPass: a.pass,
        autoTotal: a.total,
        autoScoreVersion: a.scoreVersion,
      })
      .returning({ id: reviews.id })
      .get();
    if (review.annotations.length)
      tx.insert(annotations)
        .values(review.annotations.map((n) => ({ ...n, reviewId })))
        .run();
    tx.update(drillAttempts).set({ status: 'graded', updatedAt: now }).where(eq(drillAttempts.id, attemptId)).run();
    tx.delete(claims).where(eq(claims.attemptId, attemptId)).run();
    audit(tx, {
      academyId,
      actorUserId: grader.id,
      action: supersedes ? 'review.corrected' : 'review.created',
      subject: `attempt:${attemptId}`,
      detail: { reviewId, verdict: review.verdict, supersedes, levels: review.levels },
    });
    notify(
      tx,
      {
        userId: a.userId,
        academyId,
        kind: supersedes ? 'review-corrected' : 'review',
        text: supersedes
          ? `${grader.name} corrected the review of your canvas (${review.verdict === 'pass' ? 'passed' : 'redo'}).`
          : review.verdict === 'pass'
            ? `${grader.name} passed your canvas.`
            : `${grader.name} asked you to redo your canvas.`,
        link: `/drill/attempts/${attemptId}`,
      },
      now,
    );
    return ok({ reviewId });
  });
}

/**
 * A trainee's other submitted attempts on the same template (for side-by-side comparison), without
 * their impressions: the review page shows them as lazily loaded thumbnails.
 */
export function earlierAttempts(db: Db, attemptId: number, userId: number, academyId: number, templateId: string) {
  return db
    .select({
      id: drillAttempts.id,
      total: drillAttempts.total,
      status: drillAttempts.status,
      submittedAt: drillAttempts.submittedAt,
    })
    .from(drillAttempts)
    .where(
      and(
        eq(drillAttempts.userId, userId),
        eq(drillAttempts.academyId, academyId),
        eq(drillAttempts.templateId, templateId),
        sql`${drillAttempts.status} != 'draft'`,
        sql`${drillAttempts.id} != ${attemptId}`,
      ),
    )
    .orderBy(desc(drillAttempts.submittedAt))
    .limit(6)
    .all();
}

/** The verdict of each attempt id (current review), for history lists. */
export function verdictsOf(db: Db, attemptIds: number[]): Map<number, 'pass' | 'redo'> {
  if (!attemptIds.length) return new Map();
  const rows = db
    .select({ attemptId: reviews.attemptId, verdict: reviews.verdict })
    .from(reviews)
    .where(and(inArray(reviews.attemptId, attemptIds), isCurrentReview()))
    .all();
  return new Map(rows.map((r) => [r.attemptId, r.verdict]));
}

/** Submissions of an academy waiting for review (the instructors' badge), from the counter the triggers keep. */
export function waitingCount(db: Db, academyId: number): number {
  return (
    db
      .select({ n: gradingQueueCounts.waiting })
      .from(gradingQueueCounts)
      .where(eq(gradingQueueCounts.academyId, academyId))
      .get()?.n ?? 0
  );
}
