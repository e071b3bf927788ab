/**
 * The academy-scale part of `npm run bench`: a temporary database with 100 and with 2,000
 * trainees of realistic shape (lesson progress, check and drill attempts, waiting and
 * graded submissions, compliance records, certificates), and the time and number of SQL
 * statements of `/academy`, its CSV and `/instructor` at both sizes, beside baselines from
 * the same run. Also used by the tests to build large academies fast.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openDatabase, type Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { encodeDots } from '../lib/drill/dot-codec.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { seededRng } from '../lib/drill/patterns.ts';
import { buildCurriculum } from '../lib/learning/curriculum.ts';
import type { CourseShape } from '../lib/certification/requirements.ts';
import { progressCsvHeader, progressCsvLine } from '../lib/learning/report.ts';
import { academyOverview, academyProgressRows, type AcademyQuery } from '../server/academy-overview.ts';
import { addMember, createAcademy, traineesOf } from '../server/academies.ts';
import { standing } from '../server/certificates.ts';
import { readAllCourses } from '../server/course-files.ts';
import { queuePage } from '../server/grading.ts';
import { listPrograms, saveProgram } from '../server/programs.ts';
import { loadTemplate } from '../server/templates.ts';
import { runServingBench } from './bench-serving.ts';

const TEMPLATE_IDS = ['frontal-hairline', 'crown-whorl', 'diffuse-top', 'scar-patch'];

/** The course and template names as the certification rules see them, read from `content/` (no Astro needed). */
export function shapeFromFiles(): CourseShape {
  const files = readAllCourses()[0]!;
  const course = buildCurriculum(files.course, files.lessons, files.checks);
  return {
    lessonIds: course.lessons.map((l) => l.id),
    checkIds: course.modules.filter((m) => m.check).map((m) => m.id),
    templateNames: new Map(TEMPLATE_IDS.map((id) => [id, loadTemplate(id)?.name ?? id])),
  };
}

/** What `populateAcademy` made: the academy and its staff. */
export interface PopulatedAcademy {
  academyId: number;
  adminId: number;
  instructorId: number;
  programId: number;
}

function dotsJson(n: number, random: () => number): string {
  const dots: Array<[number, number, number, number]> = [];
  for (let k = 0; k < n; k++)
    dots.push([Math.round(random() * 60_000) / 1000, Math.round(random() * 40_000) / 1000, k * 700, 0.9]);
  return JSON.stringify(dots);
}

const FIRST = ['Alex', 'Sam', 'Priya', 'Jamie', 'Noor', 'Chen', 'Maria', 'Tomás', 'Aiko', 'Femi', 'Zoë', 'Lars'];
const LAST = ['Lee', 'Okafor', 'Reyes', 'Novak', 'Haddad', 'Kowalski', 'Silva', 'Nguyen', 'Öztürk', 'Byrne'];

/**
 * Adds an academy with an admin, an instructor, a certification program and `trainees`
 * trainees, each with about 20 lesson-progress rows, 6 check attempts and 10 drill attempts
 * (a draft, one or two waiting submissions — a third of them claimed — and graded ones with
 * a review), a compliance record for 60 % and a certificate for 25 % of them. `bigDots` is
 * the share of attempts carrying 5,000 impressions (the others carry 60), stored as the
 * schema of the database stores them (in `attempt_dots`, or in the older `dots` column).
 * Bulk inserts in one transaction.
 */
export function populateAcademy(
  db: Db,
  opts: { slug: string; trainees: number; shape: CourseShape; bigDots?: number; seed?: number; now?: Date },
): PopulatedAcademy {
  const now = (opts.now ?? new Date()).getTime();
  const day = 86_400_000;
  const random = seededRng(opts.seed ?? 1);
  const sqlite = db.$client;
  const hasDots = (
    sqlite.prepare('select name from pragma_table_info(?)').all('drill_attempts') as Array<{ name: string }>
  )
    .map((c) => c.name)
    .includes('dots');
  const hasSide = Boolean(
    sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'attempt_dots'").get(),
  );
  const small = dotsJson(60, random);
  const big = dotsJson(5_000, random);
  const smallBytes = Buffer.from(encodeDots(JSON.parse(small) as StoredDot[], null));
  const bigBytes = Buffer.from(encodeDots(JSON.parse(big) as StoredDot[], null));
  const attemptDots = hasSide ? sqlite.prepare('insert into attempt_dots (attempt_id, data) values (?, ?)') : null;
  const academyId = createAcademy(db, { slug: opts.slug, name: `Academy ${opts.slug}`, joinCode: `${opts.slug}-join` });
  const insertUser = sqlite.prepare(
    "insert into users (email, display_name, password_hash) values (?, ?, 'bench-no-login') returning id",
  );
  const staff = (role: 'admin' | 'instructor') => {
    const { id } = insertUser.get(`${role}@${opts.slug}.test`, `${opts.slug} ${role}`) as { id: number };
    addMember(db, id, academyId, role);
    return id;
  };
  const adminId = staff('admin');
  const instructorId = staff('instructor');
  const drill = { templateId: 'crown-whorl', count: 1, minScore: 50 };
  const saved = saveProgram(
    db,
    academyId,
    {
      name: 'SMP Technician — Level 1',
      description: 'Bench program',
      hours: 40,
      validityMonths: 12,
      requirements: { allLessons: true, allChecks: true, drills: [drill], compliance: ['bloodborne-pathogens'] },
      renewal: { drills: [drill], withinMonths: 12, compliance: ['bloodborne-pathogens'] },
    },
    adminId,
  );
  if (!saved.ok) throw new Error(saved.error.message);
  const programId = saved.value.id;
  const member = sqlite.prepare("insert into memberships (user_id, academy_id, role) values (?, ?, 'trainee')");
  const lesson = sqlite.prepare(
    'insert into lesson_progress (user_id, lesson_id, first_opened_at, last_opened_at, completed_at) values (?, ?, ?, ?, ?)',
  );
  const check = sqlite.prepare(
    "insert into check_attempts (user_id, check_id, answers, correct, total, score_percent, passed, created_at) values (?, ?, '{}', ?, 5, ?, ?, ?)",
  );
  const attempt = sqlite.prepare(
    `insert into drill_attempts (user_id, academy_id, template_id, template_version, status, dot_count, score_version, total, pass, updated_at, submitted_at${hasDots ? ', dots' : ''})
     values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?${hasDots ? ', ?' : ''}) returning id`,
  );
  const review = sqlite.prepare(
    "insert into reviews (attempt_id, instructor_id, verdict, levels, rubric, created_at) values (?, ?, ?, '{}', '[]', ?)",
  );
  const claim = sqlite.prepare('insert into claims (attempt_id, user_id, claimed_at, expires_at) values (?, ?, ?, ?)');
  const compliance = sqlite.prepare(
    "insert into compliance_records (academy_id, user_id, kind, completed_on, expires_on) values (?, ?, 'bloodborne-pathogens', ?, ?)",
  );
  const certificate = sqlite.prepare(
    `insert into certificates (code, academy_id, program_id, user_id, holder_name, issued_at, valid_from, valid_until, issued_by, summary, credential_jwt)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, '{"items":[],"scores":[]}', 'bench')`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < opts.trainees; i++) {
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
      const { id } = insertUser.get(`trainee${i}@${opts.slug}.test`, name) as { id: number };
      member.run(id, academyId);
      const t0 = now - Math.floor(random() * 60) * day;
      const done = Math.floor(random() * (opts.shape.lessonIds.length + 6));
      opts.shape.lessonIds.forEach((lessonId, k) =>
        lesson.run(id, lessonId, t0, t0 + k * 60_000, k < done ? t0 + k * 60_000 : null),
      );
      for (let k = 0; k < 4; k++) lesson.run(id, `retired-lesson-${k}`, t0 - day, t0 - day, t0 - day);
      const passedChecks = Math.floor(random() * (opts.shape.checkIds.length + 2));
      opts.shape.checkIds.forEach((checkId, k) => {
        check.run(id, checkId, 2, 40, 0, t0 + k * 1000);
        if (k < passedChecks) check.run(id, checkId, 5, 100, 1, t0 + k * 1000 + 500);
      });
      const waiting = i % 2 ? 2 : 1;
      for (let k = 0; k < 10; k++) {
        const templateId = TEMPLATE_IDS[(i + k) % TEMPLATE_IDS.length]!;
        const status = k === 0 ? 'draft' : k <= waiting ? 'submitted' : 'graded';
        const heavy = random() < (opts.bigDots ?? 0);
        const total = status === 'draft' ? null : 30 + Math.floor(random() * 70);
        const at = t0 + k * 3_600_000;
        const args: unknown[] = [
          id,
          academyId,
          templateId,
          status,
          heavy ? 5_000 : 60,
          status === 'draft' ? null : 2,
          total,
          total === null ? null : total >= 60 ? 1 : 0,
          at,
          status === 'draft' ? null : at,
        ];
        if (hasDots) args.push(heavy ? big : small);
        const { id: attemptId } = attempt.get(...args) as { id: number };
        attemptDots?.run(attemptId, heavy ? bigBytes : smallBytes);
        if (status === 'graded') review.run(attemptId, instructorId, total! >= 60 ? 'pass' : 'redo', at + 1000);
        if (status === 'submitted' && i % 3 === 0) claim.run(attemptId, instructorId, now, now + day);
      }
      if (i % 5 < 3) compliance.run(academyId, id, now - 30 * day, now + 300 * day);
      if (i % 4 === 0)
        certificate.run(
          `${opts.slug}-${i}`.toUpperCase(),
          academyId,
          programId,
          id,
          name,
          now - 30 * day,
          now - 30 * day,
          now + 330 * day,
          adminId,
        );
    }
  })();
  sqlite.pragma('optimize');
  return { academyId, adminId, instructorId, programId };
}

/** A second connection to a database file that counts the SQL statements it executes (better-sqlite3 `verbose`). */
export function openCountingDb(file: string): { db: Db; statements: () => number; close: () => void } {
  let n = 0;
  const sqlite = new Database(file, { verbose: () => void n++ });
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema }) as Db;
  n = 0;
  return { db, statements: () => n, close: () => sqlite.close() };
}

const FIRST_PAGE: AcademyQuery = { page: 1, q: '', sort: { key: 'name', dir: 'asc' } };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/academy`'s data and an HTML rendering of what the page shows (the render-equivalent); returns the HTML. */
export function academyPageHtml(db: Db, academyId: number, shape: CourseShape, query = FIRST_PAGE): string {
  const { table, readiness } = academyOverview(db, academyId, query, shape);
  const ready = readiness
    .map((r) => `<h3>${esc(r.program.name)}</h3><ul>${r.ready.map((t) => `<li>${esc(t.name)}</li>`).join('')}</ul>`)
    .join('');
  const rows = table.rows
    .map(
      (r) =>
        `<tr data-trainee="${esc(r.email)}"><th>${esc(r.name)}</th><td>${r.lessonsDone} / ${r.lessonsTotal}</td><td>${r.checksPassed}</td><td>${r.bestDrillScore ?? '—'}</td><td>${r.lastActivity?.toISOString() ?? '—'}</td></tr>`,
    )
    .join('');
  return `${ready}<table>${rows}</table>`;
}

/** The whole CSV export as the endpoint streams it; returns its text. */
export function academyCsv(db: Db, academyId: number, shape: CourseShape): string {
  const rows = academyProgressRows(db, academyId, shape, FIRST_PAGE);
  let text = progressCsvHeader();
  for (const r of rows) text += progressCsvLine(r);
  return text;
}

/** The readiness list as `/academy` computed it before: `standing()` for every trainee and program (5 statements each). */
export function perTraineeReadiness(db: Db, academyId: number, shape: CourseShape): number {
  const now = new Date();
  const trainees = traineesOf(db, academyId);
  let ready = 0;
  for (const program of listPrograms(db, academyId))
    for (const t of trainees) {
      const s = standing(db, program, t.id, shape, now);
      if (s.decision.ok && s.checklist.allMet) ready++;
    }
  return ready;
}

/** Median wall-clock time of `fn` and its mean CPU time (user + system) per call, which holds on a busy machine. */
function timeMedian(fn: () => unknown, minRuns: number, budgetMs: number): { wall: number; cpu: number } {
  fn();
  const times: number[] = [];
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 500)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  return { wall: times[times.length >> 1]!, cpu: (cpu.user + cpu.system) / 1000 / times.length };
}

interface Figures {
  ms: number;
  cpu: number;
  statements: number;
  bytes: number;
}

/** Warm (after one call, which brings the academy's summary rows up to date), the statements of one call and its times. */
function measure(counting: ReturnType<typeof openCountingDb>, fn: () => string | number, minRuns = 5): Figures {
  fn();
  const before = counting.statements();
  const out = fn();
  const statements = counting.statements() - before;
  const t = timeMedian(fn, minRuns, 1_500);
  return { ms: t.wall, cpu: t.cpu, statements, bytes: typeof out === 'string' ? out.length : 0 };
}

/**
 * Only the serving figures (`BENCH_ONLY=serving npm run bench`): the 2,000-trainee database
 * built the same way, then `runServingBench` on it (without the scorer warm-up part).
 */
export async function runServingOnly(n = 2_000): Promise<void> {
  const shape = shapeFromFiles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-bench-'));
  try {
    const file = path.join(dir, `academy-${n}.db`);
    const setup = openDatabase(file);
    populateAcademy(setup, { slug: `bench${n}`, trainees: n, shape, bigDots: 0.05 });
    setup.$client.close();
    await runServingBench({
      dbFile: file,
      adminEmail: `admin@bench${n}.test`,
      traineeEmail: `trainee0@bench${n}.test`,
      lessonId: shape.lessonIds[0]!,
      warmup: false,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the two databases, times every academy-scale view at both sizes and prints the figures and targets. */
export async function runAcademyBench(sizes: [number, number] = [100, 2_000]): Promise<void> {
  const shape = shapeFromFiles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-bench-'));
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  try {
    console.log(`\nAcademy scale — ${sizes[0]} and ${sizes[1]} trainees (5 % of attempts with 5,000 impressions)\n`);
    const results = sizes.map((n) => {
      const file = path.join(dir, `academy-${n}.db`);
      const setup = openDatabase(file);
      const t0 = performance.now();
      const a = populateAcademy(setup, { slug: `bench${n}`, trainees: n, shape, bigDots: 0.05 });
      const counts = setup.$client
        .prepare(
          `select (select count(*) from lesson_progress) lp, (select count(*) from drill_attempts) da,
            (select count(*) from drill_attempts where status = 'submitted') waiting, (select count(*) from certificates) certs`,
        )
        .get() as { lp: number; da: number; waiting: number; certs: number };
      console.log(
        `  built ${n} trainees in ${f(performance.now() - t0)}: ${counts.lp} lesson rows, ${counts.da} drill attempts, ${counts.waiting} waiting, ${counts.certs} certificates`,
      );
      setup.$client.close();
      const c = openCountingDb(file);
      const names = shape.templateNames;
      const now = new Date();
      // The first look at the academy after the bulk load computes every summary row (what a
      // migrated database does once); from then on triggers keep them current.
      const before = c.statements();
      const t1 = performance.now();
      academyOverview(c.db, a.academyId, FIRST_PAGE, shape);
      const first = { ms: performance.now() - t1, cpu: 0, statements: c.statements() - before, bytes: 0 };
      const r = {
        n,
        first,
        academy: measure(c, () => academyPageHtml(c.db, a.academyId, shape)),
        csv: measure(c, () => academyCsv(c.db, a.academyId, shape)),
        queue: measure(c, () => {
          const q = queuePage(c.db, a.academyId, names, { status: 'all', order: 'oldest' }, a.instructorId, now, 1);
          return q.rows.map((e) => `${e.attemptId}${e.traineeName}${e.templateName}`).join('');
        }),
        scan: measure(
          c,
          () =>
            c.db.$client
              .prepare(
                'select (select count(*) from lesson_progress) + (select count(*) from check_attempts) + (select count(*) from drill_attempts)',
              )
              .pluck()
              .get() as number,
        ),
        old: measure(c, () => perTraineeReadiness(c.db, a.academyId, shape), 2),
      };
      c.close();
      return r;
    });
    const [s, l] = results as [(typeof results)[0], (typeof results)[0]];
    const line = (label: string, a: Figures, b: Figures, target?: number) => {
      const ratio = b.cpu / a.cpu;
      const constant = a.statements === b.statements;
      console.log(
        `  ${label.padEnd(36)} CPU ${f(a.cpu).padStart(10)} → ${f(b.cpu).padStart(10)}  ×${ratio.toFixed(1).padEnd(5)}` +
          ` (wall median ${f(a.ms)} → ${f(b.ms)})  statements ${a.statements} → ${b.statements}` +
          (a.bytes ? `  output ${a.bytes} → ${b.bytes} chars` : '') +
          (target
            ? `  target ≤ ${target}× with constant statements: ${ratio <= target && constant ? 'met' : 'NOT met'}`
            : ''),
      );
    };
    console.log(`\n  per request, ${s.n} → ${l.n} trainees (ratio of CPU time per call):`);
    line('/academy (service + render)', s.academy, l.academy, 3);
    line('/academy/progress.csv (all rows)', s.csv, l.csv, 10);
    line('/instructor (first page)', s.queue, l.queue, 3);
    console.log(
      `  first look after the bulk load (every summary row computed once): ${f(s.first.ms)} → ${f(l.first.ms)} wall, statements ${s.first.statements} → ${l.first.statements}`,
    );
    line('baseline: count(*) of the 3 tables', s.scan, l.scan);
    line('baseline: old per-trainee readiness', s.old, l.old);
    await runServingBench({
      dbFile: path.join(dir, `academy-${l.n}.db`),
      adminEmail: `admin@bench${l.n}.test`,
      traineeEmail: `trainee0@bench${l.n}.test`,
      lessonId: shape.lessonIds[0]!,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
