/**
 * The academy overview (`/academy` and its CSV) at a cost that does not grow with the
 * academy: every trainee membership has a row in `trainee_summaries` holding the progress
 * table's figures and the programs the trainee is ready for. Triggers mark a row stale in the
 * same transaction as any write to the records it summarises
 * (db/migrations/0014_academy_scale_summaries_and_attempt_dots.sql); before reading, `refreshSummaries` recomputes
 * the stale rows — and the rows whose readiness changes with time — with one grouped query
 * per kind of record over those trainees only, and the same pure rules
 * (`src/lib/certification/requirements.ts`, `readiness.ts`) a trainee's own page uses. A page
 * of the table is then one indexed range of rows in SQL order, and the ready lists one
 * indexed read of the ready trainees.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { isReady, readinessChangesAt } from '../lib/certification/readiness.ts';
import type { CourseShape, Evidence } from '../lib/certification/requirements.ts';
import { invalidFromZod, ok, type Result } from '../lib/errors.ts';
import { nameKey, parseSort, type SortDir, type SortKey, type TraineeProgressRow } from '../lib/learning/report.ts';
import { listPrograms, type Program } from './programs.ts';

/** Trainees per page of the progress table. */
export const ACADEMY_PAGE_SIZE = 50;

/** The progress table's query string: page (1-based), search text, and the sort (unknown sorts fall back to name). */
export const academyQuerySchema = z.object({
  page: z.coerce
    .number({ error: 'The page must be a number.' })
    .int('The page must be a whole number.')
    .min(1, 'Pages start at 1.')
    .max(100_000, 'There are not that many pages.')
    .default(1),
  q: z.string().trim().max(100, 'Search for at most 100 characters.').default(''),
  sort: z.string().max(20).nullable().default(null),
  dir: z.string().max(10).nullable().default(null),
});

/** A validated progress-table query. */
export interface AcademyQuery {
  page: number;
  q: string;
  sort: { key: SortKey; dir: SortDir };
}

/** The progress-table query from the URL, or an `invalid` error saying which value is bad. */
export function parseAcademyQuery(params: URLSearchParams): Result<AcademyQuery> {
  const raw = academyQuerySchema.safeParse({
    page: params.get('page') ?? undefined,
    q: params.get('q') ?? undefined,
    sort: params.get('sort'),
    dir: params.get('dir'),
  });
  if (!raw.success) return invalidFromZod(raw.error);
  return ok({ page: raw.data.page, q: raw.data.q, sort: parseSort(raw.data.sort, raw.data.dir) });
}

/** `recheck_at` of a row whose readiness never changes with time alone. */
const NEVER = Number.MAX_SAFE_INTEGER;

const idList = (ids: string[]) =>
  ids.length
    ? sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`null`;

/** What the summaries were counted against: the course's lesson and check ids. */
const courseKey = (shape: CourseShape) => `${shape.lessonIds.join(',')}|${shape.checkIds.join(',')}`;

/**
 * Brings the academy's summary rows up to date at `now`: the stale ones (a record changed),
 * those whose readiness may have changed with time, and all of them when the course changed
 * or `now` is earlier than the last refresh. Returns how many rows were recomputed. When none
 * is due this is one statement; otherwise one transaction with a fixed number of statements
 * whatever the number of rows.
 */
export function refreshSummaries(
  db: Queryable,
  academyId: number,
  shape: CourseShape,
  programs: Program[],
  now = new Date(),
): number {
  const t = now.getTime();
  const key = courseKey(shape);
  const state = db.get<{ key: string | null; at: number | null; due: number }>(sql`
    select course_key as key, refreshed_at as at,
      exists (select 1 from trainee_summaries where academy_id = ${academyId} and recheck_at <= ${t}) as due
    from academy_summary_state where academy_id = ${academyId}
  `) ?? { key: null, at: null, due: 1 };
  const all = state.key !== key || state.at === null || state.at > t;
  if (!all && !state.due) return 0;
  return db.transaction(
    (tx) => {
      if (all) tx.run(sql`update trainee_summaries set recheck_at = 0 where academy_id = ${academyId}`);
      const rows = recompute(tx, academyId, shape, programs, now);
      if (rows.length)
        tx.run(sql`
          update trainee_summaries as s set name = j.value ->> 1, name_key = j.value ->> 2, email = j.value ->> 3,
            lessons_done = j.value ->> 4, checks_passed = j.value ->> 5, drills_submitted = j.value ->> 6,
            best_drill = j.value ->> 7, last_activity = j.value ->> 8, ready_programs = j.value ->> 9,
            recheck_at = j.value ->> 10
          from json_each(${JSON.stringify(rows)}) as j
          where s.academy_id = ${academyId} and s.user_id = j.value ->> 0
        `);
      tx.run(sql`
        insert into academy_summary_state (academy_id, course_key, refreshed_at) values (${academyId}, ${key}, ${t})
        on conflict (academy_id) do update set course_key = excluded.course_key,
          refreshed_at = max(refreshed_at, excluded.refreshed_at)
      `);
      return rows.length;
    },
    { behavior: 'immediate' },
  );
}

type SummaryTuple = [number, string, string, string, number, number, number, number | null, number, string, number];

/**
 * The figures and readiness of the academy's rows that are due at `now`, from one grouped
 * query per kind of record over those trainees only. Lessons and checks count only ids of the
 * current course; drills count only this academy's attempts; last activity is the latest
 * lesson, check or drill event.
 */
function recompute(
  db: Queryable,
  academyId: number,
  shape: CourseShape,
  programs: Program[],
  now: Date,
): SummaryTuple[] {
  const t = now.getTime();
  const due = sql`select user_id from trainee_summaries where academy_id = ${academyId} and recheck_at <= ${t}`;
  const progress = db.all<{
    userId: number;
    name: string;
    email: string;
    lessonsDone: number;
    checksPassed: number;
    drillsSubmitted: number;
    bestDrillScore: number | null;
    lastActivity: number;
  }>(sql`
    with t as materialized (${due}),
    lp as (
      select p.user_id as user_id,
        sum(p.completed_at is not null and p.lesson_id in (${idList(shape.lessonIds)})) as done,
        max(p.last_opened_at) as opened, max(p.completed_at) as completed
      from lesson_progress p
      where p.user_id in (select user_id from t)
      group by p.user_id
    ),
    ca as (
      select c.user_id as user_id,
        count(distinct case when c.passed = 1 and c.check_id in (${idList(shape.checkIds)}) then c.check_id end) as passed,
        max(c.created_at) as last
      from check_attempts c
      where c.user_id in (select user_id from t)
      group by c.user_id
    ),
    da as (
      select d.user_id as user_id, sum(d.status != 'draft') as submitted,
        max(case when d.status != 'draft' then d.total end) as best, max(d.updated_at) as last
      from drill_attempts d
      where d.academy_id = ${academyId} and d.user_id in (select user_id from t)
      group by d.user_id
    )
    select t.user_id as userId, u.display_name as name, u.email as email,
      coalesce(lp.done, 0) as lessonsDone, coalesce(ca.passed, 0) as checksPassed,
      coalesce(da.submitted, 0) as drillsSubmitted, da.best as bestDrillScore,
      max(coalesce(lp.opened, 0), coalesce(lp.completed, 0), coalesce(ca.last, 0), coalesce(da.last, 0)) as lastActivity
    from t
    cross join users u on u.id = t.user_id
    left join lp on lp.user_id = t.user_id
    left join ca on ca.user_id = t.user_id
    left join da on da.user_id = t.user_id
  `);
  if (!progress.length) return [];
  const readiness = programs.length
    ? readinessOf(db, academyId, due, programs, progress, shape, now)
    : new Map<number, { ready: string; recheckAt: number }>();
  return progress.map((r) => {
    const ready = readiness.get(r.userId) ?? { ready: '', recheckAt: NEVER };
    return [
      r.userId,
      r.name,
      nameKey(r.name),
      r.email,
      r.lessonsDone,
      r.checksPassed,
      r.drillsSubmitted,
      r.bestDrillScore,
      r.lastActivity,
      ready.ready,
      ready.recheckAt,
    ];
  });
}

/**
 * For each trainee in `due`, the programs they are ready for now (as `,3,7,`) and when that
 * can next change with time: three grouped queries (passed drills, compliance records,
 * certificates of those trainees), then `isReady` and `readinessChangesAt` per program.
 * `progress` gives the lesson and check counts, the facts the lesson and check rules count.
 */
function readinessOf(
  db: Queryable,
  academyId: number,
  due: SQL,
  programs: Program[],
  progress: Array<{ userId: number; lessonsDone: number; checksPassed: number }>,
  shape: CourseShape,
  now: Date,
): Map<number, { ready: string; recheckAt: number }> {
  const drills = db.all<{
    userId: number;
    attemptId: number;
    templateId: string;
    total: number | null;
    submittedAt: number | null;
    reviewedBy: string;
    reviewedAt: number;
  }>(sql`
    select da.user_id as userId, da.id as attemptId, da.template_id as templateId, da.total as total,
      da.submitted_at as submittedAt, u.display_name as reviewedBy, r.created_at as reviewedAt
    from drill_attempts da
    join reviews r on r.attempt_id = da.id
    join users u on u.id = r.instructor_id
    where da.academy_id = ${academyId} and da.status = 'graded' and r.verdict = 'pass'
      and da.user_id in (${due})
      and not exists (select 1 from reviews r2 where r2.supersedes = r.id)
  `);
  const compliance = db.all<{ userId: number; kind: string; completedOn: number; expiresOn: number | null }>(sql`
    select user_id as userId, kind, completed_on as completedOn, expires_on as expiresOn
    from compliance_records where academy_id = ${academyId} and user_id in (${due})
  `);
  const certs = db.all<{
    id: number;
    userId: number;
    programId: number;
    validFrom: number;
    validUntil: number;
    revokedAt: number | null;
  }>(sql`
    select id, user_id as userId, program_id as programId, valid_from as validFrom, valid_until as validUntil, revoked_at as revokedAt
    from certificates where academy_id = ${academyId} and user_id in (${due})
  `);
  const group = <T extends { userId: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const g = m.get(r.userId);
      if (g) g.push(r);
      else m.set(r.userId, [r]);
    }
    return m;
  };
  const drillsBy = group(drills);
  const complianceBy = group(compliance);
  const certsBy = group(certs);
  const result = new Map<number, { ready: string; recheckAt: number }>();
  for (const t of progress) {
    // The lesson and check rules only count which of the course's ids are done: a stand-in set
    // with that many of them gives the same checklist as the full record.
    const evidence: Evidence = {
      lessonsDone: new Set(shape.lessonIds.slice(0, t.lessonsDone)),
      checksPassed: new Set(shape.checkIds.slice(0, t.checksPassed)),
      passedDrills: (drillsBy.get(t.userId) ?? []).map((d) => ({
        attemptId: d.attemptId,
        templateId: d.templateId,
        total: d.total ?? 0,
        submittedAt: new Date(d.submittedAt ?? 0),
        reviewedBy: d.reviewedBy,
        reviewedAt: new Date(d.reviewedAt),
      })),
      compliance: (complianceBy.get(t.userId) ?? []).map((c) => ({
        kind: c.kind,
        completedOn: new Date(c.completedOn),
        expiresOn: c.expiresOn === null ? null : new Date(c.expiresOn),
      })),
    };
    const allCerts = certsBy.get(t.userId) ?? [];
    let ready = '';
    let recheckAt = NEVER;
    for (const program of programs) {
      const held = allCerts
        .filter((c) => c.programId === program.id)
        .map((c) => ({
          id: c.id,
          validFrom: new Date(c.validFrom),
          validUntil: new Date(c.validUntil),
          revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt),
        }));
      if (isReady(program, evidence, held, shape, now)) ready += `${ready ? '' : ','}${program.id},`;
      recheckAt = Math.min(recheckAt, readinessChangesAt(program, evidence, held, now));
    }
    result.set(t.userId, { ready, recheckAt });
  }
  return result;
}

/** Whether a row matches the search text (case-insensitive, in the name or the email address). */
export function matchesSearch(row: { name: string; email: string }, q: string): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase('en');
  return nameKey(row.name).includes(needle) || row.email.toLowerCase().includes(needle);
}

/** A trainee who meets every requirement of a program. */
export interface ReadyTrainee {
  id: number;
  name: string;
  email: string;
}

/**
 * For each program, the current trainees (not former members) who meet every requirement now (and may be issued
 * or renewed a certificate), by name: one indexed read of the ready rows. Call `refreshSummaries` first.
 */
export function readyByProgram(
  db: Queryable,
  academyId: number,
  programs: Program[],
): Array<{ program: Program; ready: ReadyTrainee[] }> {
  if (!programs.length) return [];
  const rows = db
    .all<{ id: number; name: string; email: string; ready: string }>(
      sql`
    select user_id as id, name, email, ready_programs as ready from trainee_summaries
    where academy_id = ${academyId} and ready_programs != ''
      and not exists (select 1 from memberships m where m.user_id = trainee_summaries.user_id
        and m.academy_id = trainee_summaries.academy_id and m.removed_at is not null)
  `,
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return programs.map((program) => ({
    program,
    ready: rows
      .filter((r) => r.ready.includes(`,${program.id},`))
      .map((r) => ({ id: r.id, name: r.name, email: r.email })),
  }));
}

/** The SQL order of each sort: the same order as `sortRows` (ties by name key, then user id), on an index. */
function orderBy(key: SortKey, dir: SortDir): SQL {
  const d = dir === 'asc' ? sql`asc` : sql`desc`;
  const column = {
    name: sql`name_key`,
    lessons: sql`lessons_done`,
    checks: sql`checks_passed`,
    drills: sql`best_drill`,
    activity: sql`last_activity`,
  }[key];
  const id = sql`trainee_summaries.user_id`;
  return key === 'name' ? sql`name_key ${d}, ${id} asc` : sql`${column} ${d}, name_key asc, ${id} asc`;
}

/** The search condition on summary rows (the same match as `matchesSearch`). */
function searchCondition(q: string): SQL {
  if (!q) return sql`1`;
  const needle = q.toLocaleLowerCase('en');
  return sql`(instr(name_key, ${needle}) > 0 or instr(lower(email), ${needle}) > 0)`;
}

/**
 * The academy's progress rows matching `q`, in the order of `sort`, `limit` from `offset`
 * (all of them without a limit): one indexed read. Call `refreshSummaries` first.
 */
export function progressRows(
  db: Queryable,
  academyId: number,
  shape: CourseShape,
  query: Pick<AcademyQuery, 'q' | 'sort'>,
  limit = -1,
  offset = 0,
): TraineeProgressRow[] {
  return db
    .all<{
      userId: number;
      name: string;
      email: string;
      lessonsDone: number;
      checksPassed: number;
      drillsSubmitted: number;
      bestDrillScore: number | null;
      lastActivity: number;
      removedAt: number | null;
    }>(
      sql`
    select trainee_summaries.user_id as userId, name, email, lessons_done as lessonsDone, checks_passed as checksPassed,
      drills_submitted as drillsSubmitted, best_drill as bestDrillScore, last_activity as lastActivity,
      m.removed_at as removedAt
    from trainee_summaries
    left join memberships m on m.user_id = trainee_summaries.user_id and m.academy_id = trainee_summaries.academy_id
    where trainee_summaries.academy_id = ${academyId} and ${searchCondition(query.q)}
    order by ${orderBy(query.sort.key, query.sort.dir)}
    limit ${limit} offset ${offset}
  `,
    )
    .map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      lessonsDone: r.lessonsDone,
      lessonsTotal: shape.lessonIds.length,
      checksPassed: r.checksPassed,
      checksTotal: shape.checkIds.length,
      drillsSubmitted: r.drillsSubmitted,
      bestDrillScore: r.bestDrillScore,
      lastActivity: r.lastActivity ? new Date(r.lastActivity) : null,
      formerSince: r.removedAt ? new Date(r.removedAt) : null,
    }));
}

/** One page of the progress table, with the totals pagination needs. */
export interface ProgressPage {
  rows: TraineeProgressRow[];
  /** Trainees matching the search. */
  matching: number;
  /** Trainees of the academy. */
  total: number;
  page: number;
  pages: number;
}

/** One page of the table (the last page when the query asks beyond it): a count and one indexed range. */
export function progressPage(
  db: Queryable,
  academyId: number,
  shape: CourseShape,
  query: AcademyQuery,
  size = ACADEMY_PAGE_SIZE,
): ProgressPage {
  const counts = db.get<{ total: number; matching: number | null }>(sql`
    select count(*) as total, ${query.q ? sql`sum(${searchCondition(query.q)})` : sql`count(*)`} as matching
    from trainee_summaries where academy_id = ${academyId}
  `)!;
  const matching = counts.matching ?? 0;
  const pages = Math.max(1, Math.ceil(matching / size));
  const page = Math.min(query.page, pages);
  return {
    rows: progressRows(db, academyId, shape, query, size, (page - 1) * size),
    matching,
    total: counts.total,
    page,
    pages,
  };
}

/** Everything `/academy` shows: one page of the progress table and who is ready for each program. */
export interface AcademyOverview {
  table: ProgressPage;
  readiness: Array<{ program: Program; ready: ReadyTrainee[] }>;
}

/**
 * The `/academy` page's data in a fixed number of statements whatever the number of trainees
 * (five when no summary row is due): the programs, the summaries brought up to date, the
 * table's counts and page, and the ready trainees.
 */
export function academyOverview(
  db: Queryable,
  academyId: number,
  query: AcademyQuery,
  shape: CourseShape,
  now = new Date(),
): AcademyOverview {
  const programs = listPrograms(db, academyId);
  refreshSummaries(db, academyId, shape, programs, now);
  return {
    table: progressPage(db, academyId, shape, query),
    readiness: readyByProgram(db, academyId, programs),
  };
}

/**
 * Every progress row of the academy matching the query's search, in its order (what the CSV
 * export writes), with the summaries brought up to date first.
 */
export function academyProgressRows(
  db: Queryable,
  academyId: number,
  shape: CourseShape,
  query: Pick<AcademyQuery, 'q' | 'sort'>,
  now = new Date(),
): TraineeProgressRow[] {
  refreshSummaries(db, academyId, shape, listPrograms(db, academyId), now);
  return progressRows(db, academyId, shape, query);
}
