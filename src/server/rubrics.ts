/** An academy's rubric per template family: its own if an admin saved one, else the defaults. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rubrics } from '../../db/schema.ts';
import {
  applicableRubric,
  defaultRubric,
  rubricSchema,
  type Rubric,
  type TemplateFamily,
} from '../lib/grading/rubric.ts';
import { audit } from './audit.ts';
import { currentReview } from './grading.ts';

/** The academy's rubric for a template family (`custom`: an admin saved it), else the defaults. */
export function getRubric(db: Db, academyId: number, family: TemplateFamily): { rubric: Rubric; custom: boolean } {
  const row = db
    .select()
    .from(rubrics)
    .where(and(eq(rubrics.academyId, academyId), eq(rubrics.family, family)))
    .get();
  if (!row) return { rubric: defaultRubric(family), custom: false };
  const parsed = rubricSchema.safeParse(row.criteria);
  return parsed.success ? { rubric: parsed.data, custom: true } : { rubric: defaultRubric(family), custom: false };
}

/** Saves an academy's own rubric for a template family, audited. */
export function saveRubric(
  db: Db,
  academyId: number,
  family: TemplateFamily,
  rubric: Rubric,
  userId: number,
  now = new Date(),
): void {
  db.transaction((tx) => {
    tx.insert(rubrics)
      .values({ academyId, family, criteria: rubric, updatedBy: userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [rubrics.academyId, rubrics.family],
        set: { criteria: rubric, updatedBy: userId, updatedAt: now },
      })
      .run();
    audit(tx, {
      academyId,
      actorUserId: userId,
      action: 'rubric.saved',
      subject: `rubric:${family}`,
      detail: { criteria: rubric.map((c) => c.id) },
    });
  });
}

/** Drops an academy's own rubric for a template family, so the defaults apply again; audited. */
export function resetRubric(db: Db, academyId: number, family: TemplateFamily, userId: number): void {
  db.transaction((tx) => {
    tx.delete(rubrics)
      .where(and(eq(rubrics.academyId, academyId), eq(rubrics.family, family)))
      .run();
    audit(tx, { academyId, actorUserId: userId, action: 'rubric.reset', subject: `rubric:${family}` });
  });
}

/**
 * The rubric a review of this submission is graded against (`applicableRubric`): the
 * current review's for a correction, else the academy's for the template's family.
 */
export function rubricForAttempt(db: Db, attempt: { id: number; academyId: number }, family: TemplateFamily): Rubric {
  return applicableRubric(currentReview(db, attempt.id), () => getRubric(db, attempt.academyId, family).rubric);
}
