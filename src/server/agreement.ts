/**
 * Is the score right? The automatic verdict stored beside each instructor verdict, read
 * back for one academy and compared per template and scoring version
 * (`src/lib/grading/agreement.ts` does the arithmetic).
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { drillAttempts, reviews, users } from '../../db/schema.ts';
import { agreementByTemplate, type GradedAttempt, type TemplateAgreement } from '../lib/grading/agreement.ts';
import { isCurrentReview } from './grading.ts';

/** The agreement report of one academy. */
export interface AgreementReport {
  /** Per template and scoring version: table, statistics and disagreements. */
  groups: TemplateAgreement[];
  /** Every scoring version found among the academy's current reviews, newest first. */
  versions: number[];
  /**
   * Current reviews left out because the automatic verdict they were graded beside is
   * unknown (the attempt had no stored score). Counted under the same version filter.
   */
  unknown: number;
}

/**
 * Compares the automatic verdict with the instructor's on every graded attempt of
 * `academyId`, counting only each attempt's current review (a correction replaces the
 * review it corrects). With `scoreVersion`, only automatic verdicts of that scoring version
 * count. Two set-based queries, whatever the number of attempts.
 */
export function agreementReport(
  db: Queryable,
  academyId: number,
  opts: { scoreVersion?: number } = {},
): AgreementReport {
  const inAcademy = and(eq(drillAttempts.academyId, academyId), isCurrentReview());
  const rows = db
    .select({
      attemptId: reviews.attemptId,
      reviewId: reviews.id,
      templateId: drillAttempts.templateId,
      traineeName: users.displayName,
      gradedAt: reviews.createdAt,
      autoPass: reviews.autoPass,
      autoTotal: reviews.autoTotal,
      scoreVersion: reviews.autoScoreVersion,
      instructorVerdict: reviews.verdict,
    })
    .from(reviews)
    .innerJoin(drillAttempts, eq(drillAttempts.id, reviews.attemptId))
    .innerJoin(users, eq(users.id, drillAttempts.userId))
    .where(
      opts.scoreVersion === undefined ? inAcademy : and(inAcademy, eq(reviews.autoScoreVersion, opts.scoreVersion)),
    )
    .all();
  const known: GradedAttempt[] = [];
  let unknown = 0;
  for (const r of rows) {
    if (r.autoPass === null) unknown++;
    else known.push({ ...r, autoPass: r.autoPass });
  }
  const versions = db
    .selectDistinct({ v: reviews.autoScoreVersion })
    .from(reviews)
    .innerJoin(drillAttempts, eq(drillAttempts.id, reviews.attemptId))
    .where(and(inAcademy, isNotNull(reviews.autoScoreVersion), isNotNull(reviews.autoPass)))
    .orderBy(desc(reviews.autoScoreVersion))
    .all()
    .map((r) => r.v!);
  return { groups: agreementByTemplate(known), versions, unknown };
}
