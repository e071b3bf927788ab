/**
 * The drill path on the database: which templates an instructor has passed for a trainee in
 * one academy, and the lock of `src/lib/drill/path.ts` applied to a request (pages and API).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { drillAttempts, reviews } from '../../db/schema.ts';
import type { Role } from '../lib/auth/roles.ts';
import { drillLock, drillPath, pathLocks, type DrillLock, type LevelState } from '../lib/drill/path.ts';
import type { Template } from '../lib/drill/template.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { isCurrentReview } from './grading.ts';
import { bound, preparedOnce } from './prepared.ts';

/** Who is working the path, and in which academy (only that academy's reviews count). */
export interface PathViewer {
  userId: number;
  academyId: number;
  role: Role;
}

/**
 * Ids of the templates on which an instructor has passed one of the trainee's canvases in this
 * academy: a submitted attempt whose current review's verdict is "pass".
 */
export function passedTemplateIds(db: Queryable, userId: number, academyId: number): Set<string> {
  const rows = preparedOnce(db, 'passed-templates-of-user', () =>
    db
      .selectDistinct({ templateId: drillAttempts.templateId })
      .from(drillAttempts)
      .innerJoin(reviews, eq(reviews.attemptId, drillAttempts.id))
      .where(
        and(
          eq(drillAttempts.userId, bound('userId')),
          eq(drillAttempts.academyId, bound('academyId')),
          ne(drillAttempts.status, sql`'draft'`),
          eq(reviews.verdict, sql`'pass'`),
          isCurrentReview(),
        ),
      )
      .prepare(),
  ).all({ userId, academyId });
  return new Set(rows.map((r) => r.templateId));
}

/** The viewer's drill path: every level with whether it is passed and open. */
export function pathOf(db: Queryable, templates: readonly Template[], viewer: PathViewer): LevelState[] {
  return drillPath(templates, passedTemplateIds(db, viewer.userId, viewer.academyId));
}

/** Why `template` is closed to the viewer, or null when they may work it. */
export function lockOf(
  db: Queryable,
  templates: readonly Template[],
  template: Template,
  viewer: PathViewer,
): DrillLock | null {
  if (!pathLocks(viewer.role)) return null;
  return drillLock(templates, template, passedTemplateIds(db, viewer.userId, viewer.academyId), viewer.role);
}

/** The drill path's refusal for the API: `forbidden` (403) naming the level to pass first, or ok. */
export function checkDrillLevel(
  db: Queryable,
  templates: readonly Template[],
  template: Template,
  viewer: PathViewer,
): Result {
  const lock = lockOf(db, templates, template, viewer);
  return lock ? fail('forbidden', lock.message) : ok();
}
