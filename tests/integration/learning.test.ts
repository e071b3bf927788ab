import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAttempts, lessonProgress, users } from '../../db/schema.ts';
import { attemptOrder, drawnCheck } from '../../src/lib/learning/check-policy.ts';
import { buildCurriculum } from '../../src/lib/learning/curriculum.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { learnerState, OPENED_RECORD_INTERVAL_MS, recordLessonOpened } from '../../src/server/learning.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

const files = readAllCourses()[0]!;
const course = { ...files, ordered: buildCurriculum(files.course, files.lessons, files.checks).lessons };
const module1 = course.course.modules[0]!.id;
const m1Lessons = course.ordered.filter((l) => l.module === module1);
const m1Check = course.checks.find((c) => c.module === module1)!;
/** The questions the trainee's next attempt draws from the module's bank (what the page shows and the server grades). */
const asked = () =>
  drawnCheck(
    m1Check,
    attemptOrder(
      m1Check,
      traineeId,
      server.db.select({ n: count() }).from(checkAttempts).where(eq(checkAttempts.userId, traineeId)).get()!.n,
    ),
  );
function formOf(pick: (q: (typeof m1Check.questions)[number]) => string[]): URLSearchParams {
  const fields = new URLSearchParams();
  for (const q of asked().questions) for (const a of pick(q)) fields.append(`q.${q.id}`, a);
  return fields;
}
const postCheck = (c: Client, body: URLSearchParams) =>
  c.request(`/learn/check/${module1}`, {
    method: 'POST',
    body,
    headers: { origin: c.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
  });

let server: RunningServer;
let trainee: Client;
let traineeId: number;
beforeAll(async () => {
  server = await startServer();
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  trainee = new Client(server.baseUrl);
  await trainee.login('trainee@demo.stipple.test', DEMO_PASSWORD);
  traineeId = server.db.select().from(users).where(eq(users.email, 'trainee@demo.stipple.test')).get()!.id;
});
afterAll(() => server?.stop());

const attempts = () => server.db.select({ n: count() }).from(checkAttempts).get()!.n;

describe('lessons and gating', () => {
  it('shows the first lesson and records that it was opened', async () => {
    const res = await trainee.get(`/learn/${m1Lessons[0]!.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Three layers, three behaviours');
    const row = server.db.select().from(lessonProgress).where(eq(lessonProgress.lessonId, m1Lessons[0]!.id)).get();
    expect(row?.completedAt).toBeNull();
  });

  it('refuses a locked lesson with 403, without its content, naming what unlocks it', async () => {
    const res = await trainee.get(`/learn/${m1Lessons[1]!.id}`);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('This lesson is locked');
    expect(html).toContain(m1Lessons[0]!.title);
    expect(html).not.toContain('Too shallow');
  });

  it('refuses to mark a locked lesson complete and writes nothing', async () => {
    const res = await trainee.postForm(`/learn/${m1Lessons[2]!.id}`, {});
    expect(res.status).toBe(403);
    expect(
      server.db.select().from(lessonProgress).where(eq(lessonProgress.lessonId, m1Lessons[2]!.id)).get(),
    ).toBeUndefined();
  });

  it('refuses the check while the module is unfinished: 403, nothing written', async () => {
    const before = attempts();
    const res = await postCheck(
      trainee,
      formOf((q) => q.answer),
    );
    expect(res.status).toBe(403);
    expect(attempts()).toBe(before);
  });

  it('marks lessons complete in order and moves on to the next one', async () => {
    for (const [i, l] of m1Lessons.entries()) {
      const res = await trainee.postForm(`/learn/${l.id}`, {});
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/learn/${course.ordered[course.ordered.indexOf(l) + 1]?.id}`);
      if (i < m1Lessons.length - 1) expect((await trainee.get(`/learn/${m1Lessons[i + 1]!.id}`)).status).toBe(200);
    }
    const done = server.db
      .select()
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, traineeId))
      .all()
      .filter((r) => r.completedAt);
    expect(done.map((r) => r.lessonId).sort()).toEqual(m1Lessons.map((l) => l.id).sort());
  });
});

describe('knowledge check', () => {
  it('shows the questions drawn for this attempt, and never sends answers or explanations before submission', async () => {
    const html = await (await trainee.get(`/learn/check/${module1}`)).text();
    const drawn = asked().questions;
    expect(drawn).toHaveLength(m1Check.ask!);
    expect(m1Check.questions.length).toBeGreaterThanOrEqual(2 * m1Check.ask!);
    const shown = [...html.matchAll(/data-question="([^"]+)"/g)].map((m) => m[1]);
    expect(shown).toEqual(drawn.map((q) => q.id));
    for (const q of drawn) expect(html).toContain(q.prompt.replace(/'/g, '&#39;').slice(0, 20));
    for (const q of m1Check.questions) expect(html).not.toContain(q.explanation.slice(0, 40));
    expect(html).toContain('name="attempt" value="0"');
    expect(html).not.toMatch(/class="option correct"|"answer"/);
  });

  const tampered: Array<[string, () => URLSearchParams, RegExp]> = [
    [
      'an unknown question id',
      () => {
        const f = formOf((q) => q.answer);
        f.append('q.not-a-question', 'x');
        return f;
      },
      /There is no question/,
    ],
    [
      'an answer to a bank question this attempt did not draw',
      () => {
        const f = formOf((q) => q.answer);
        const other = m1Check.questions.find((q) => !asked().questions.includes(q))!;
        f.append(`q.${other.id}`, other.answer[0]!);
        return f;
      },
      /There is no question (&quot;|")[a-z-]+(&quot;|") in this check/,
    ],
    [
      'an unknown option',
      () => formOf((q) => (q.id === asked().questions[0]!.id ? ['forged-option'] : q.answer)),
      /is not an option/,
    ],
    [
      'a missing answer',
      () => {
        const f = formOf((q) => q.answer);
        f.delete(`q.${asked().questions[2]!.id}`);
        return f;
      },
      /Answer every question/,
    ],
    [
      'two answers to a single-choice question',
      () => formOf((q) => (q.kind === 'single' ? q.options.slice(0, 2).map((o) => o.id) : q.answer)),
      /Choose one answer/,
    ],
  ];
  it('refuses a form drawn for another attempt with 409, keeping nothing ticked and writing nothing', async () => {
    const before = attempts();
    const f = formOf((q) => q.answer);
    f.set('attempt', '3');
    const res = await postCheck(trainee, f);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('These answers were for an earlier attempt');
    expect(html).not.toMatch(/<input[^>]*checked/);
    expect(attempts()).toBe(before);
  });

  for (const [what, body, message] of tampered) {
    it(`answers ${what} with 400 and writes nothing`, async () => {
      const before = attempts();
      const res = await postCheck(trainee, body());
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(message);
      expect(attempts()).toBe(before);
    });
  }

  it('scores on the server, stores the attempt, names the missed questions without the answers — then refuses a retry before the wait with 429', async () => {
    const wrong = formOf((q) => [q.options.find((o) => !q.answer.includes(o.id))!.id]);
    const res = await postCheck(trainee, wrong);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Not passed yet: 0 of');
    // A failed attempt teaches where to reread, not which option was right.
    for (const q of m1Check.questions) expect(html).not.toContain(q.explanation.slice(0, 40));
    expect(html.match(/data-missed-question=/g)).toHaveLength(m1Check.ask!);
    const stored = server.db.select().from(checkAttempts).where(eq(checkAttempts.userId, traineeId)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ checkId: module1, passed: false, correct: 0 });

    const burst = await postCheck(
      trainee,
      formOf((q) => q.answer),
    );
    expect(burst.status).toBe(429);
    expect(await burst.text()).toMatch(/opens again in \d+ minutes/);
    expect(server.db.select().from(checkAttempts).where(eq(checkAttempts.userId, traineeId)).all()).toHaveLength(1);
  });

  it('passes with the right answers after the retry wait, and then shows the explanations', async () => {
    server.db
      .update(checkAttempts)
      .set({ createdAt: new Date(Date.now() - m1Check.attempts.retryMinutes * 60_000 - 1_000) })
      .where(eq(checkAttempts.userId, traineeId))
      .run();
    const drawnNow = asked().questions;
    const res = await postCheck(
      trainee,
      formOf((q) => q.answer),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Passed: ${m1Check.ask} of ${m1Check.ask} correct (100%)`);
    expect(html).toContain(drawnNow[0]!.explanation.slice(0, 40));
    const learn = await (await trainee.get('/learn')).text();
    expect(learn).toMatch(new RegExp(`data-check="${module1}" data-state="passed"`));
  });
});

describe('the question bank’s lesson links', () => {
  it('land on a heading of the lesson page, for every question of every module', async () => {
    const admin = new Client(server.baseUrl);
    await admin.login('admin@demo.stipple.test', DEMO_PASSWORD);
    const pages = new Map<string, string>();
    for (const c of course.checks)
      for (const q of c.questions) {
        if (!pages.has(q.lesson!)) pages.set(q.lesson!, await (await admin.get(`/learn/${q.lesson}`)).text());
        expect(pages.get(q.lesson!), `${c.module}/${q.id} → ${q.lesson}#${q.section}`).toMatch(
          new RegExp(`<h[2-6][^>]* id="${q.section}"`),
        );
      }
    expect(pages.size).toBe(course.lessons.length);
  });
});

describe('academy progress table', () => {
  it('shows the academy admin their own trainees with progress, and no one else’s', async () => {
    const admin = new Client(server.baseUrl);
    await admin.login('admin@demo.stipple.test', DEMO_PASSWORD);
    const html = await (await admin.get('/academy')).text();
    expect(html).toContain('data-trainee="trainee@demo.stipple.test"');
    expect(html).toMatch(/data-col="lessons"[^>]*>3 \/ 16</);
    expect(html).toMatch(/data-col="checks"[^>]*>1 \/ 5</);
    expect(html).not.toContain('trainee@northline.test');
  });

  it('exports the same table as CSV, for admins only', async () => {
    const admin = new Client(server.baseUrl);
    await admin.login('admin@demo.stipple.test', DEMO_PASSWORD);
    const res = await admin.get('/academy/progress.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="demo-progress-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^Name,Email,Lessons completed/);
    expect(lines.find((l) => l.includes('trainee@demo.stipple.test'))).toMatch(
      /^Jamie Lee,trainee@demo\.stipple\.test,3,16,1,5,/,
    );
    expect(lines.some((l) => l.includes('northline'))).toBe(false);

    expect((await trainee.get('/academy/progress.csv')).status).toBe(403);
    const north = new Client(server.baseUrl);
    await north.login('admin@northline.test', DEMO_PASSWORD);
    const northCsv = await (await north.get('/academy/progress.csv')).text();
    expect(northCsv).toContain('trainee@northline.test');
    expect(northCsv).not.toContain('trainee@demo.stipple.test');
  });
});

describe('recording lesson openings', () => {
  it('writes the first opening, then at most once per interval, and keeps the page state current without a second read', () => {
    const db = freshDb();
    const { $client: sqlite } = db;
    const id = Number(
      sqlite.prepare("insert into users (email, display_name, password_hash) values ('r@x.test', 'R', 'x')").run()
        .lastInsertRowid,
    );
    const t0 = new Date('2026-11-27T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const stored = () =>
      sqlite.prepare('select first_opened_at, last_opened_at from lesson_progress where user_id = ?').get(id);
    let state = learnerState(db, id);
    expect(recordLessonOpened(db, id, 'skin-layers', t0, state)).toBe(true);
    expect(state.opened.get('skin-layers')).toEqual(t0);
    expect(stored()).toEqual({ first_opened_at: t0.getTime(), last_opened_at: t0.getTime() });
    // Views within the interval: no write.
    state = learnerState(db, id);
    expect(recordLessonOpened(db, id, 'skin-layers', at(OPENED_RECORD_INTERVAL_MS - 1), state)).toBe(false);
    expect(stored()).toEqual({ first_opened_at: t0.getTime(), last_opened_at: t0.getTime() });
    // After it: the last opening moves, the first stays.
    const later = at(OPENED_RECORD_INTERVAL_MS);
    expect(recordLessonOpened(db, id, 'skin-layers', later, learnerState(db, id))).toBe(true);
    expect(stored()).toEqual({ first_opened_at: t0.getTime(), last_opened_at: later.getTime() });
    expect(learnerState(db, id).opened.get('skin-layers')).toEqual(later);
    db.$client.close();
  });
});
