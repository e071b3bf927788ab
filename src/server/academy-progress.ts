/** Progress of every trainee of one academy, from the database, for the academy table. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, users } from '../../db/schema.ts';
import type { TraineeProgressRow } from '../lib/learning/report.ts';

/**
 * One row per trainee of `academyId`. Lessons and checks count only ids of the current
 * course; drills count only this academy's attempts.
 */
export function academyProgress(
  db: Db,
  academyId: number,
  lessonIds: string[],
  checkIds: string[],
): TraineeProgressRow[] {
  const lessonList = sql.join(
    lessonIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const checkList = sql.join(
    checkIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = db
    .select({
      userId: users.id,
      name: users.displayName,
      email: users.email,
      lessonsDone: sql<number>`(select count(*) from lesson_progress lp where lp.user_id = ${users.id} and lp.completed_at is not null and lp.lesson_id in (${lessonList}))`,
      checksPassed: sql<number>`(select count(distinct ca.check_id) from check_attempts ca where ca.user_id = ${users.id} and ca.passed = 1 and ca.check_id in (${checkList}))`,
      drillsSubmitted: sql<number>`(select count(*) from drill_attempts da where da.user_id = ${users.id} and da.academy_id = ${academyId} and da.status != 'draft')`,
      bestDrillScore: sql<
        number | null
      >`(select max(da.total) from drill_attempts da where da.user_id = ${users.id} and da.academy_id = ${academyId} and da.status != 'draft')`,
      lastActivity: sql<number | null>`max(
        coalesce((select max(lp.last_opened_at) from lesson_progress lp where lp.user_id = ${users.id}), 0),
        coalesce((select max(lp.completed_at) from lesson_progress lp where lp.user_id = ${users.id}), 0),
        coalesce((select max(ca.created_at) from check_attempts ca where ca.user_id = ${users.id}), 0),
        coalesce((select max(da.updated_at) from drill_attempts da where da.user_id = ${users.id} and da.academy_id = ${academyId}), 0)
      )`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.academyId, academyId), eq(memberships.role, 'trainee')))
    .all();
  return rows.map((r) => ({
    ...r,
    lessonsTotal: lessonIds.length,
    checksTotal: checkIds.length,
    lastActivity: r.lastActivity ? new Date(r.lastActivity) : null,
  }));
}

/** `academyProgress` over the current course: its lessons and its checks (keyed by module). */
export function academyProgressForCourse(
  db: Db,
  academyId: number,
  course: { lessons: ReadonlyArray<{ id: string }>; checks: ReadonlyMap<string, unknown> },
): TraineeProgressRow[] {
  return academyProgress(
    db,
    academyId,
    course.lessons.map((l) => l.id),
    [...course.checks.keys()],
  );
}
