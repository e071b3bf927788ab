/**
 * `/academy` and `/instructor` at academy scale, on a real migrated database: a fixed number
 * of SQL statements whatever the number of trainees, readiness identical to the per-trainee
 * `standing()` rules, every main query on an index (EXPLAIN QUERY PLAN), and the paginated,
 * searchable pages over HTTP without any academy seeing another's trainees.
 */
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { users } from '../../db/schema.ts';
import { openCountingDb, populateAcademy, shapeFromFiles } from '../../src/cli/bench-academy.ts';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { academyOverview, type AcademyQuery } from '../../src/server/academy-overview.ts';
import { traineesOf } from '../../src/server/academies.ts';
import { standing } from '../../src/server/certificates.ts';
import { queuePage } from '../../src/server/grading.ts';
import { listPrograms } from '../../src/server/programs.ts';
import { closeAfterFile } from '../support/temp.ts';
import { tempDbPath } from '../support/db.ts';
import { signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

const shape = shapeFromFiles();
const firstPage: AcademyQuery = { page: 1, q: '', sort: { key: 'name', dir: 'asc' } };

describe('academy overview service', () => {
  const file = tempDbPath();
  const setup = openDatabase(file);
  const small = populateAcademy(setup, { slug: 'small', trainees: 10, shape, seed: 3 });
  const large = populateAcademy(setup, { slug: 'large', trainees: 200, shape, seed: 4 });
  setup.$client.close();
  const counting = openCountingDb(file);
  closeAfterFile(() => counting.close());
  const { db } = counting;
  const now = new Date();

  const statementsOf = (fn: () => unknown) => {
    const before = counting.statements();
    fn();
    return counting.statements() - before;
  };

  it('uses the same number of statements for 10 and for 200 trainees', () => {
    const overview = (academyId: number) => () => academyOverview(db, academyId, firstPage, shape, now);
    const queue = (a: typeof small) => () =>
      queuePage(db, a.academyId, shape.templateNames, { status: 'all', order: 'oldest' }, a.instructorId, now, 1);
    // The first look at each academy brings its summary rows up to date: a fixed number of statements too.
    const firstSmall = statementsOf(overview(small.academyId));
    expect(firstSmall).toBeLessThanOrEqual(16);
    expect(statementsOf(overview(large.academyId))).toBe(firstSmall);
    const forSmall = statementsOf(overview(small.academyId));
    expect(forSmall).toBeGreaterThan(0);
    expect(forSmall).toBeLessThanOrEqual(6);
    expect(statementsOf(overview(large.academyId))).toBe(forSmall);
    expect(statementsOf(queue(large))).toBe(statementsOf(queue(small)));
    expect(statementsOf(queue(small))).toBeLessThanOrEqual(4);
  });

  it('finds exactly the trainees that the per-trainee standing() rules find ready', () => {
    for (const a of [small, large]) {
      const program = listPrograms(db, a.academyId)[0]!;
      const expected = traineesOf(db, a.academyId)
        .filter((t) => {
          const s = standing(db, program, t.id, shape, now);
          return s.decision.ok && s.checklist.allMet;
        })
        .map((t) => t.email)
        .sort();
      const got = academyOverview(db, a.academyId, firstPage, shape, now)
        .readiness[0]!.ready.map((t) => t.email)
        .sort();
      expect(got).toEqual(expected);
    }
    // The fixture gives the large academy both ready and not-ready trainees, so the comparison means something.
    const ready = academyOverview(db, large.academyId, firstPage, shape, now).readiness[0]!.ready.length;
    expect(ready).toBeGreaterThan(0);
    expect(ready).toBeLessThan(200);
  });

  it('keeps the summaries current: writes mark rows stale in their transaction, time alone moves readiness', () => {
    const { $client: sqlite } = db;
    const program = listPrograms(db, large.academyId)[0]!;
    const readyAt = (at: Date) =>
      academyOverview(db, large.academyId, firstPage, shape, at).readiness[0]!.ready.map((t) => t.email);
    const ready = readyAt(now);
    expect(ready.length).toBeGreaterThan(0);
    const email = ready[0]!;
    const { id } = sqlite.prepare('select id from users where email = ?').get(email) as { id: number };
    // A write anywhere in the trainee's records: the row is stale at once, in the same transaction.
    sqlite.prepare('update compliance_records set expires_on = ? where user_id = ?').run(now.getTime() - 1, id);
    expect(sqlite.prepare('select recheck_at from trainee_summaries where user_id = ?').pluck().get(id)).toBe(0);
    expect(readyAt(now)).not.toContain(email);
    expect(standing(db, program, id, shape, now).checklist.allMet).toBe(false);
    sqlite
      .prepare('update compliance_records set expires_on = ? where user_id = ?')
      .run(now.getTime() + 86_400_000, id);
    expect(readyAt(now)).toContain(email);
    // No write, only time: the record expires a day later, and the trainee leaves the list then.
    const later = new Date(now.getTime() + 86_400_000);
    expect(readyAt(later)).not.toContain(email);
    const expected = traineesOf(db, large.academyId)
      .filter((t) => {
        const s = standing(db, program, t.id, shape, later);
        return s.decision.ok && s.checklist.allMet;
      })
      .map((t) => t.email)
      .sort();
    expect([...readyAt(later)].sort()).toEqual(expected);
    // The table's figures follow a completed lesson.
    const before = academyOverview(db, large.academyId, { ...firstPage, q: email }, shape, later).table.rows[0]!;
    const open = shape.lessonIds.find(
      (l) =>
        !sqlite
          .prepare('select completed_at from lesson_progress where user_id = ? and lesson_id = ?')
          .pluck()
          .get(id, l),
    );
    if (open) {
      sqlite
        .prepare(
          'insert or replace into lesson_progress (user_id, lesson_id, first_opened_at, last_opened_at, completed_at) values (?, ?, ?, ?, ?)',
        )
        .run(id, open, later.getTime(), later.getTime(), later.getTime());
      const after = academyOverview(db, large.academyId, { ...firstPage, q: email }, shape, later).table.rows[0]!;
      expect(after.lessonsDone).toBe(before.lessonsDone + 1);
      expect(after.lastActivity?.getTime()).toBe(later.getTime());
    }
    sqlite
      .prepare('update compliance_records set expires_on = ? where user_id = ?')
      .run(now.getTime() + 300 * 86_400_000, id);
  });

  it('pages, searches and sorts the progress table of one academy only', () => {
    const page = (q: Partial<AcademyQuery>) =>
      academyOverview(db, large.academyId, { ...firstPage, ...q }, shape, now).table;
    const p1 = page({});
    expect(p1.rows).toHaveLength(50);
    expect(p1).toMatchObject({ matching: 200, total: 200, page: 1, pages: 4 });
    expect(page({ page: 4 }).rows).toHaveLength(50);
    expect(page({ page: 9 }).page).toBe(4);
    const seen = new Set([1, 2, 3, 4].flatMap((n) => page({ page: n }).rows.map((r) => r.email)));
    expect(seen.size).toBe(200);
    expect([...seen].every((e) => e.endsWith('@large.test'))).toBe(true);
    expect(page({ q: 'TRAINEE7@large' }).rows.map((r) => r.email)).toEqual(['trainee7@large.test']);
    expect(page({ q: 'small.test' }).matching).toBe(0);
    const byLessons = page({ sort: { key: 'lessons', dir: 'desc' } }).rows.map((r) => r.lessonsDone);
    expect(byLessons).toEqual([...byLessons].sort((a, b) => b - a));
  });

  it('runs its main queries on indexes, with no scan of a table', () => {
    const seen: string[] = [];
    const spy = openLogging(file, seen);
    // A record of every trainee changed: the overview recomputes their summary rows, then reads a page.
    spy.db.$client.prepare('update trainee_summaries set recheck_at = 0 where academy_id = ?').run(large.academyId);
    seen.length = 0;
    academyOverview(spy.db, large.academyId, firstPage, shape, now);
    academyOverview(spy.db, large.academyId, { ...firstPage, sort: { key: 'lessons', dir: 'desc' } }, shape, now);
    queuePage(spy.db, large.academyId, shape.templateNames, { status: 'waiting', order: 'newest' }, 1, now, 2);
    const filtered = { status: 'mine', order: 'oldest', templateId: 'crown-whorl', q: 'alex' } as const;
    queuePage(spy.db, large.academyId, shape.templateNames, filtered, 1, now, 1);
    spy.close();
    const queries = seen.filter((s) => /^\s*(with|select)/i.test(s));
    expect(queries.length).toBeGreaterThanOrEqual(16);
    for (const q of queries) {
      const plan = (db.$client.prepare(`explain query plan ${q}`).all() as Array<{ detail: string }>).map(
        (r) => r.detail,
      );
      // The only scan allowed is of `t`, the academy's due trainees already found through an index
      // (and the constant row a select of scalar subqueries only starts from).
      const scans = plan.filter((d) => /^SCAN /.test(d) && d !== 'SCAN t' && d !== 'SCAN CONSTANT ROW');
      expect(scans, `${q}\n${plan.join('\n')}`).toEqual([]);
      expect(plan.some((d) => /USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)/.test(d))).toBe(true);
    }
  });

  it('reads the grading queue page in index order and its counts from the counters, whatever the queue length', () => {
    const seen: string[] = [];
    const spy = openLogging(file, seen);
    const planOf = (q: string) =>
      (db.$client.prepare(`explain query plan ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    for (const order of ['oldest', 'newest'] as const)
      for (const status of ['all', 'waiting', 'mine', 'claimed'] as const) {
        seen.length = 0;
        queuePage(spy.db, large.academyId, shape.templateNames, { status, order }, large.instructorId, now, 2);
        const [counts, rows, ...more] = seen.map(planOf);
        expect(more).toEqual([]);
        // The page: the waiting submissions' covering index in the page's order, no sort, no table read.
        expect(rows!.join('\n')).toMatch(
          new RegExp(`^SEARCH da USING COVERING INDEX drill_attempts_waiting_${order}_idx \\(academy_id=\\?\\)`),
        );
        expect(rows!.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
        // The counts: the counters, the first index entry for the oldest, and only the expired claims.
        const c = counts!.join('\n');
        expect(c).toMatch(/SEARCH q USING INTEGER PRIMARY KEY/);
        expect(c).toMatch(
          /SEARCH m USING INDEX sqlite_autoindex_grading_claim_counts_1 \(academy_id=\? AND user_id=\?\)/,
        );
        expect(c).toMatch(/SEARCH c USING COVERING INDEX claims_live_idx \(expires_at<\?\)/);
        expect(c).not.toMatch(/TEMP B-TREE|expires_at>/);
      }
    spy.close();
  });
});

/** A connection logging every statement it runs (expanded SQL, better-sqlite3 `verbose`) into `log`. */
function openLogging(file: string, log: string[]) {
  const sqlite = new Database(file, { verbose: (s) => void log.push(String(s)) });
  return { db: drizzle({ client: sqlite, schema }) as Db, close: () => sqlite.close() };
}

describe('/academy and /instructor over HTTP at scale', () => {
  let server: RunningServer;
  const as = signedInClients(() => server, DEMO_PASSWORD);
  const rowsOf = (html: string) => [...html.matchAll(/data-trainee="([^"]+)"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    server = await startServer();
    populateAcademy(server.db, { slug: 'north', trainees: 120, shape, seed: 5 });
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const email of ['admin@north.test', 'instructor@north.test'])
      server.db.update(users).set({ passwordHash: hash }).where(eq(users.email, email)).run();
  });
  afterAll(() => server?.stop());

  it('pages and searches the trainee table, keeping the sort', async () => {
    const admin = await as('admin@north.test');
    const first = await (await admin.get('/academy')).text();
    expect(rowsOf(first)).toHaveLength(50);
    expect(first).toContain('120 of 120 trainees · page 1 of 3');
    expect(first).toContain('href="?academy=north&amp;sort=name&amp;dir=asc&amp;page=2"');
    const last = await (await admin.get('/academy?page=3')).text();
    expect(rowsOf(last)).toHaveLength(20);
    expect(last).toContain('rel="prev"');
    const found = await (await admin.get('/academy?q=Trainee7%40north&sort=drills&dir=desc')).text();
    expect(rowsOf(found)).toEqual(['trainee7@north.test']);
    expect(found).toContain('1 of 120 trainees');
    expect(found).toMatch(
      /aria-sort="descending"[^>]*>\s*<a href="[^"]*sort=drills&amp;dir=asc&amp;q=Trainee7%40north"/,
    );
    const none = await (await admin.get('/academy?q=nobody-like-this')).text();
    expect(none).toContain('No trainee matches this search.');
    const csv = (await (await admin.get('/academy/progress.csv?q=trainee7%40north')).text()).trim().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/,trainee7@north\.test,/);
    const all = (await (await admin.get('/academy/progress.csv')).text()).trim().split('\r\n');
    expect(all).toHaveLength(121);
  });

  it('answers 400 with a message for a bad page or search', async () => {
    const admin = await as('admin@north.test');
    for (const [query, message] of [
      ['page=0', 'Pages start at 1.'],
      ['page=abc', 'The page must be a number.'],
      ['page=1.5', 'The page must be a whole number.'],
      [`q=${'x'.repeat(101)}`, 'Search for at most 100 characters.'],
    ] as const) {
      for (const path of ['/academy', '/academy/progress.csv']) {
        const res = await admin.get(`${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(await res.text()).toContain(message);
      }
    }
    const res = await (await as('instructor@north.test')).get('/instructor?page=-2');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Pages start at 1.');
  });

  it("never shows academy B's admin academy A's trainees when paging or searching", async () => {
    const demo = await as('admin@demo.stipple.test');
    for (const q of ['', '?q=north', '?q=trainee', '?page=2', '?page=3&q=north.test']) {
      const html = await (await demo.get(`/academy${q}`)).text();
      expect(
        rowsOf(html).some((e) => e.endsWith('@north.test')),
        q,
      ).toBe(false);
      const csv = await (await demo.get(`/academy/progress.csv${q}`)).text();
      expect(csv, q).not.toContain('@north.test');
    }
    const north = await as('admin@north.test');
    for (const q of ['?q=demo', '?q=jamie', '?page=3']) {
      const html = await (await north.get(`/academy${q}`)).text();
      expect(html, q).not.toContain('@demo.stipple.test');
    }
  });

  it('shows earlier attempts on the review page as lazily loaded thumbnails, only to staff of the academy', async () => {
    const sqlite = server.db.$client;
    const trainee = sqlite.prepare("select id from users where email = 'trainee0@north.test'").pluck().get() as number;
    const [first, ...others] = sqlite
      .prepare(
        `select id from drill_attempts where user_id = ? and status != 'draft'
         and template_id = (select template_id from drill_attempts where user_id = ? and status = 'submitted' limit 1)
         order by submitted_at desc`,
      )
      .pluck()
      .all(trainee, trainee) as number[];
    expect(others.length).toBeGreaterThan(0);
    const instructor = await as('instructor@north.test');
    const html = await (await instructor.get(`/instructor/review/${first}`)).text();
    for (const id of others)
      expect(html).toMatch(new RegExp(`<img[^>]*src="/instructor/review/${id}/thumbnail\\.svg"[^>]*loading="lazy"`));
    // No earlier attempt's impressions inline: the page carries this submission's only.
    expect(html.match(/<svg/g)?.length ?? 0).toBeLessThanOrEqual(3);
    const thumb = await instructor.get(`/instructor/review/${others[0]}/thumbnail.svg`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await thumb.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('60 impressions');
    expect(
      (await (await as('instructor@demo.stipple.test')).get(`/instructor/review/${others[0]}/thumbnail.svg`)).status,
    ).toBe(404);
    expect(
      (await (await as('trainee@demo.stipple.test')).get(`/instructor/review/${others[0]}/thumbnail.svg`)).status,
    ).toBe(403);
  });

  it('pages the grading queue with counts of the whole queue', async () => {
    const instructor = await as('instructor@north.test');
    const html = await (await instructor.get('/instructor')).text();
    expect([...html.matchAll(/<tr data-attempt=/g)]).toHaveLength(50);
    // 120 trainees with one or two waiting submissions each; a third of the trainees' are claimed by this instructor.
    expect(html).toMatch(/data-summary="waiting"[^>]*>180</);
    expect(html).toMatch(/data-summary="mine"[^>]*>60</);
    expect(html).toMatch(/data-summary="unclaimed"[^>]*>120</);
    expect(html).toContain('180 matching · page 1 of 4');
    const last = await (await instructor.get('/instructor?page=4')).text();
    expect([...last.matchAll(/<tr data-attempt=/g)]).toHaveLength(30);
    const mine = await (await instructor.get('/instructor?status=mine&page=2')).text();
    expect(mine).toContain('60 matching · page 2 of 2');
    expect([...mine.matchAll(/<tr data-attempt=/g)]).toHaveLength(10);
    const demo = await (await as('instructor@demo.stipple.test')).get('/instructor?page=2');
    expect(await demo.text()).not.toContain('north');
  });
});
