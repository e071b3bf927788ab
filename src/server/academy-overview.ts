/**
 * The academy overview (`/academy` and its CSV) with a fixed number of set-based queries
 * whatever the number of trainees: one grouped query gives every trainee's progress row,
 * and readiness for certification is decided from grouped facts (passed drills, compliance
 * records and certificates of the whole academy, each read once) with the same pure rules
 * (`src/lib/certification/requirements.ts`) that a trainee's own page uses.
 */
import { invalidFromZod, ok, type Result } from '../lib/errors.ts';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { decideIssue } from '../lib/certification/certificates.ts';
import {
  evaluateRenewal,
  evaluateRequirements,
  type CourseShape,
  type Evidence,
} from '../lib/certification/requirements.ts';
import { parseSort, sortRows, type SortDir, type SortKey, type TraineeProgressRow } from '../lib/learning/report.ts';
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

const list = (ids: string[]) =>
  ids.length
    ? sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`null`;

/**
 * Every trainee of `academyId` with their progress, in one grouped query (no per-trainee
 * subqueries). Lessons and checks count only ids of the current course; drills count only
 * this academy's attempts; last activity is the latest lesson, check or drill event.
 * Unsorted: `sortRows` orders them (its tie-break is a locale comparison SQLite lacks).
 */
export function academyProgressRows(
  db: Queryable,
  academyId: number,
  lessonIds: string[],
  checkIds: string[],
): TraineeProgressRow[] {
  const rows = db.all<{
    userId: number;
    name: string;
    email: string;
    lessonsDone: number;
    checksPassed: number;
    drillsSubmitted: number;
    bestDrillScore: number | null;
    lastActivity: number;
  }>(sql`
    with t as materialized (
      select m.user_id as id from memberships m
      where m.academy_id = ${academyId} and m.role = 'trainee'
    ),
    lp as (
      select p.user_id as user_id,
        sum(p.completed_at is not null and p.lesson_id in (${list(lessonIds)})) as done,
        max(p.last_opened_at) as opened, max(p.completed_at) as completed
      from lesson_progress p
      where p.user_id in (select id from t)
      group by p.user_id
    ),
    ca as (
      select c.user_id as user_id,
        count(distinct case when c.passed = 1 and c.check_id in (${list(checkIds)}) then c.check_id end) as passed,
        max(c.created_at) as last
      from check_attempts c
      where c.user_id in (select id from t)
      group by c.user_id
    ),
    da as (
      select d.user_id as user_id, sum(d.status != 'draft') as submitted,
        max(case when d.status != 'draft' then d.total end) as best, max(d.updated_at) as last
      from drill_attempts d
      where d.academy_id = ${academyId}
      group by d.user_id
    )
    select t.id as userId, u.display_name as name, u.email as email,
      coalesce(lp.done, 0) as lessonsDone, coalesce(ca.passed, 0) as checksPassed,
      coalesce(da.submitted, 0) as drillsSubmitted, da.best as bestDrillScore,
      max(coalesce(lp.opened, 0), coalesce(lp.completed, 0), coalesce(ca.last, 0), coalesce(da.last, 0)) as lastActivity
    from t
    cross join users u on u.id = t.id
    left join lp on lp.user_id = t.id
    left join ca on ca.user_id = t.id
    left join da on da.user_id = t.id
  `);
  return rows.map((r) => ({
    ...r,
    lessonsTotal: lessonIds.length,
    checksTotal: checkIds.length,
    lastActivity: r.lastActivity ? new Date(r.lastActivity) : null,
  }));
}

/** Whether a row matches the search text (case-insensitive, in the name or the email address). */
export function matchesSearch(row: { name: string; email: string }, q: string): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase('en');
  return row.name.toLocaleLowerCase('en').includes(needle) || row.email.toLowerCase().includes(needle);
}

/** A trainee who meets every requirement of a program. */
export interface ReadyTrainee {
  id: number;
  name: string;
  email: string;
}

/**
 * For each program of the academy, the trainees who meet every requirement now (and may be
 * issued or renewed a certificate), by name. Three grouped queries whatever the number of
 * trainees; `trainees` are the academy's progress rows (their lesson and check counts are
 * the facts the lesson and check rules count).
 */
export function readinessByProgram(
  db: Queryable,
  academyId: number,
  programs: Program[],
  trainees: TraineeProgressRow[],
  shape: CourseShape,
  now = new Date(),
): Array<{ program: Program; ready: ReadyTrainee[] }> {
  if (!programs.length) return [];
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
      and not exists (select 1 from reviews r2 where r2.supersedes = r.id)
  `);
  const compliance = db.all<{ userId: number; kind: string; completedOn: number; expiresOn: number | null }>(sql`
    select user_id as userId, kind, completed_on as completedOn, expires_on as expiresOn
    from compliance_records where academy_id = ${academyId}
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
    from certificates where academy_id = ${academyId}
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
  // The lesson and check rules only count which of the course's ids are done: a stand-in set
  // with that many of them gives the same checklist as the full record.
  const evidence = new Map<number, Evidence>(
    trainees.map((t) => [
      t.userId,
      {
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
      },
    ]),
  );
  const byName = [...trainees].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return programs.map((program) => ({
    program,
    ready: byName
      .filter((t) => {
        const held = (certsBy.get(t.userId) ?? [])
          .filter((c) => c.programId === program.id)
          .map((c) => ({
            id: c.id,
            validFrom: new Date(c.validFrom),
            validUntil: new Date(c.validUntil),
            revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt),
          }));
        const decision = decideIssue(held, program.validityMonths, now);
        if (!decision.ok) return false;
        const ev = evidence.get(t.userId)!;
        const checklist =
          decision.value.kind === 'renewal'
            ? evaluateRenewal(program.renewal, ev, shape, now)
            : evaluateRequirements(program.requirements, ev, shape, now);
        return checklist.allMet;
      })
      .map((t) => ({ id: t.userId, name: t.name, email: t.email })),
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

/** Filters by the search text, sorts, and cuts out the requested page (the last page when it asks beyond). */
export function progressPage(all: TraineeProgressRow[], query: AcademyQuery, size = ACADEMY_PAGE_SIZE): ProgressPage {
  const matching = all.filter((r) => matchesSearch(r, query.q));
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const page = Math.min(query.page, pages);
  const sorted = sortRows(matching, query.sort.key, query.sort.dir);
  return {
    rows: sorted.slice((page - 1) * size, page * size),
    matching: matching.length,
    total: all.length,
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
 * The `/academy` page's data in five statements whatever the number of trainees: the
 * progress rows, the programs, and the passed drills, compliance records and certificates
 * of the whole academy.
 */
export function academyOverview(
  db: Queryable,
  academyId: number,
  query: AcademyQuery,
  shape: CourseShape,
  now = new Date(),
): AcademyOverview {
  const all = academyProgressRows(db, academyId, shape.lessonIds, shape.checkIds);
  return {
    table: progressPage(all, query),
    readiness: readinessByProgram(db, academyId, listPrograms(db, academyId), all, shape, now),
  };
}
