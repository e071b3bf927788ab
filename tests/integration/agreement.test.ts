/**
 * Score agreement on a real migrated SQLite database: attempts submitted and graded through
 * the real services (so scored by the real scorer), reviews that keep the automatic verdict
 * they were graded beside, only current reviews counted, only the academy's own attempts;
 * then the admin page over HTTP, closed to instructors, trainees and other academies.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { drillAttempts, reviews } from '../../db/schema.ts';
import { naturalPattern, naturalWithSoftEdge, seededRng, sparse, type Dots } from '../../src/lib/drill/patterns.ts';
import { SCORE_VERSION } from '../../src/lib/drill/scoring-config.ts';
import type { Template } from '../../src/lib/drill/template.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { agreementReport } from '../../src/server/agreement.ts';
import { submitAttempt } from '../../src/server/drill-attempts.ts';
import { claimAttempt, submitReview } from '../../src/server/grading.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff } from '../support/fixtures.ts';
import { Client, signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';

const crown = template('crown-whorl');
const hairline = template('frontal-hairline');

const canvas = (t: Template, d: Dots) => d.xs.map((x, i) => [x, d.ys[i]!, i * 300, t.impressionDiameterMm] as const);

type Staff = Awaited<ReturnType<typeof addAcademyWithStaff>>;

/** Submits a canvas for the academy's trainee; checks the scorer gave the verdict the test relies on. */
function submit(db: Db, staff: Staff, t: Template, autoPass: boolean, seed: number): number {
  const dots = autoPass
    ? t.family === 'hairline'
      ? naturalWithSoftEdge(t, seededRng(seed))
      : naturalPattern(t, seededRng(seed))
    : sparse(t, 2.5, seededRng(seed));
  const { id, score } = submitAttempt(
    db,
    { userId: staff.ids.trainee, academyId: staff.academyId, templateId: t.id },
    t,
    canvas(t, dots).map((d) => [...d]),
  );
  expect(score.pass, `seed ${seed} on ${t.id} should ${autoPass ? 'pass' : 'fail'} the score`).toBe(autoPass);
  return id;
}

/** Claims and grades an attempt as the academy's instructor; returns the review id. */
function grade(db: Db, staff: Staff, t: Template, attemptId: number, verdict: 'pass' | 'redo', supersedes?: number) {
  if (supersedes === undefined)
    expect(claimAttempt(db, attemptId, staff.academyId, staff.ids.instructor).ok).toBe(true);
  const rubric = defaultRubric(t.family);
  const r = submitReview(db, attemptId, staff.academyId, { id: staff.ids.instructor, name: 'Instructor' }, rubric, {
    verdict,
    comment: verdict === 'redo' ? 'Work on the spacing.' : '',
    levels: Object.fromEntries(rubric.map((c) => [c.id, 3])),
    annotations: [],
    ...(supersedes === undefined ? {} : { supersedes }),
  });
  expect(r).toMatchObject({ ok: true });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.reviewId;
}

describe('agreementReport on a migrated database', () => {
  let db: Db;
  let a: Staff;
  let b: Staff;
  const ids = {
    agreePass: 0,
    lenient: 0,
    agreeFail: 0,
    strict: 0,
    correctedToAgree: 0,
    correctedToStrict: 0,
    hairline: 0,
    waiting: 0,
    other1: 0,
    other2: 0,
  };

  beforeAll(async () => {
    db = freshDb();
    a = await addAcademyWithStaff(db, 'alpha', 'Alpha SMP', 'pw-alpha-123456');
    b = await addAcademyWithStaff(db, 'beta', 'Beta SMP', 'pw-beta-1234567');
    // Crown, academy A: score pass/instructor pass, pass/redo, fail/redo, fail/pass,
    // fail/pass corrected to redo, fail/redo corrected to pass.
    ids.agreePass = submit(db, a, crown, true, 1);
    grade(db, a, crown, ids.agreePass, 'pass');
    ids.lenient = submit(db, a, crown, true, 2);
    grade(db, a, crown, ids.lenient, 'redo');
    ids.agreeFail = submit(db, a, crown, false, 3);
    grade(db, a, crown, ids.agreeFail, 'redo');
    ids.strict = submit(db, a, crown, false, 4);
    grade(db, a, crown, ids.strict, 'pass');
    ids.correctedToAgree = submit(db, a, crown, false, 5);
    grade(db, a, crown, ids.correctedToAgree, 'redo', grade(db, a, crown, ids.correctedToAgree, 'pass'));
    ids.correctedToStrict = submit(db, a, crown, false, 6);
    grade(db, a, crown, ids.correctedToStrict, 'pass', grade(db, a, crown, ids.correctedToStrict, 'redo'));
    // Hairline, academy A: one attempt both passed.
    ids.hairline = submit(db, a, hairline, true, 7);
    grade(db, a, hairline, ids.hairline, 'pass');
    // A submission still waiting for review: not graded, so not counted.
    ids.waiting = submit(db, a, crown, true, 8);
    // Academy B: two crown attempts that would change A's numbers if they leaked in.
    ids.other1 = submit(db, b, crown, true, 9);
    grade(db, b, crown, ids.other1, 'redo');
    ids.other2 = submit(db, b, crown, false, 10);
    grade(db, b, crown, ids.other2, 'pass');
  });

  it('stores the attempt’s automatic verdict, total and score version with every review, corrections too', () => {
    const rows = db
      .select({
        attemptId: reviews.attemptId,
        autoPass: reviews.autoPass,
        autoTotal: reviews.autoTotal,
        autoScoreVersion: reviews.autoScoreVersion,
        pass: drillAttempts.pass,
        total: drillAttempts.total,
        scoreVersion: drillAttempts.scoreVersion,
      })
      .from(reviews)
      .innerJoin(drillAttempts, eq(drillAttempts.id, reviews.attemptId))
      .all();
    expect(rows).toHaveLength(11);
    for (const r of rows) {
      expect(r.autoPass).toBe(r.pass);
      expect(r.autoTotal).toBe(r.total);
      expect(r.autoTotal).toEqual(expect.any(Number));
      expect(r.autoScoreVersion).toBe(SCORE_VERSION);
    }
  });

  it('counts each attempt’s current review only, per template, with the numbers worked by hand', () => {
    const report = agreementReport(db, a.academyId);
    expect(report.unknown).toBe(0);
    expect(report.versions).toEqual([SCORE_VERSION]);
    expect(report.groups.map((g) => [g.templateId, g.scoreVersion, g.stats.n])).toEqual([
      ['crown-whorl', SCORE_VERSION, 6],
      ['frontal-hairline', SCORE_VERSION, 1],
    ]);
    const c = report.groups[0]!;
    // Score pass: 1 pass / 1 redo. Score fail: 2 pass (strict, corrected to pass) / 2 redo.
    expect(c.table).toEqual({ bothPass: 1, autoPassInstructorRedo: 1, autoFailInstructorPass: 2, bothFail: 2 });
    // pₒ = 3/6; pₑ = (2/6)(3/6) + (4/6)(3/6) = 1/2; κ = 0.
    expect(c.stats.observed).toBeCloseTo(0.5, 12);
    expect(c.stats.expected).toBeCloseTo(0.5, 12);
    expect(c.stats.kappa).toBeCloseTo(0, 12);
    const byId = (x: number, y: number) => x - y;
    expect(c.disagreements.map((d) => d.attemptId).sort(byId)).toEqual(
      [ids.lenient, ids.strict, ids.correctedToStrict].sort(byId),
    );
    const lenient = c.disagreements.find((d) => d.attemptId === ids.lenient)!;
    expect(lenient).toMatchObject({ autoPass: true, instructorVerdict: 'redo', traineeName: 'Alpha SMP trainee' });
    const h = report.groups[1]!;
    expect(h.stats.observed).toBe(1);
    expect(h.stats.kappa).toBeNull();
    expect(h.stats.kappaUndefined).toMatch(/passed every attempt/);
  });

  it('sees only the academy’s own attempts', () => {
    const report = agreementReport(db, b.academyId);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]!.table).toEqual({
      bothPass: 0,
      autoPassInstructorRedo: 1,
      autoFailInstructorPass: 1,
      bothFail: 0,
    });
    expect(report.groups[0]!.stats.kappa).toBe(-1);
    expect(agreementReport(db, 9999).groups).toEqual([]);
  });

  it('keeps score versions apart, filters by version, and leaves reviews of unknown verdict out', () => {
    // As if the hairline attempt had been graded under another scoring version, and one
    // crown review predated the stored verdicts.
    const other = SCORE_VERSION + 1;
    db.update(reviews).set({ autoScoreVersion: other }).where(eq(reviews.attemptId, ids.hairline)).run();
    db.update(reviews)
      .set({ autoPass: null, autoTotal: null, autoScoreVersion: null })
      .where(eq(reviews.attemptId, ids.agreePass))
      .run();
    const all = agreementReport(db, a.academyId);
    expect(all.versions).toEqual([other, SCORE_VERSION]);
    expect(all.unknown).toBe(1);
    expect(all.groups.map((g) => [g.templateId, g.scoreVersion, g.stats.n])).toEqual([
      ['crown-whorl', SCORE_VERSION, 5],
      ['frontal-hairline', other, 1],
    ]);
    const only = agreementReport(db, a.academyId, { scoreVersion: other });
    expect(only.groups.map((g) => [g.templateId, g.stats.n])).toEqual([['frontal-hairline', 1]]);
    expect(only.unknown).toBe(0);
    expect(agreementReport(db, a.academyId, { scoreVersion: 77 }).groups).toEqual([]);
  });
});

describe('/academy/agreement over HTTP', () => {
  let server: RunningServer;
  const as = signedInClients(() => server, DEMO_PASSWORD);
  const demo = { lenient: 0, agree: 0 };

  beforeAll(async () => {
    server = await startServer();
    const db = server.db;
    const ids = (email: string) =>
      db.$client.prepare('select id from users where email = ?').pluck().get(email) as number;
    const demoStaff: Staff = {
      academyId: db.$client.prepare(`select id from academies where slug = 'demo'`).pluck().get() as number,
      ids: {
        admin: ids('admin@demo.stipple.test'),
        instructor: ids('instructor@demo.stipple.test'),
        trainee: ids('trainee@demo.stipple.test'),
      },
    };
    demo.agree = submit(db, demoStaff, crown, true, 21);
    grade(db, demoStaff, crown, demo.agree, 'pass');
    demo.lenient = submit(db, demoStaff, crown, true, 22);
    grade(db, demoStaff, crown, demo.lenient, 'redo');
    await addAcademyWithStaff(db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  });
  afterAll(() => server?.stop());

  it('shows the admin the figures, the 2×2 table and the disagreements linked to the review page', async () => {
    const admin = await as('admin@demo.stipple.test');
    const res = await admin.get('/academy/agreement');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<caption[^>]*>Agreement per template<\/caption>/);
    expect(html).toMatch(/data-figure="n"[^>]*>2</);
    expect(html).toMatch(/data-figure="percent"[^>]*>50 %</);
    expect(html).toMatch(/data-cell="pass-pass"[^>]*>1</);
    expect(html).toMatch(/data-cell="pass-redo"[^>]*>\s*1\s*</);
    // The score passed both: κ is 0, and the page says why.
    expect(html).toMatch(/data-figure="kappa"[^>]*>0\.00/);
    expect(html).toContain('The score passed every attempt, so it cannot agree beyond chance.');
    expect(html).toContain(`data-disagreement="${demo.lenient}"`);
    expect(html).not.toContain(`data-disagreement="${demo.agree}"`);
    const link = html.match(new RegExp(`href="(/instructor/review/${demo.lenient}[^"]*)"`));
    expect(link).not.toBeNull();
    // The linked review page opens for the admin.
    expect((await admin.get(link![1]!.replaceAll('&amp;', '&'))).status).toBe(200);
    // Linked from the academy page.
    expect(await (await admin.get('/academy')).text()).toContain('href="/academy/agreement"');
  });

  it('filters by score version and answers a bad version with 400 and a message', async () => {
    const admin = await as('admin@demo.stipple.test');
    const same = await (await admin.get(`/academy/agreement?version=${SCORE_VERSION}`)).text();
    expect(same).toContain(`data-disagreement="${demo.lenient}"`);
    const none = await admin.get(`/academy/agreement?version=${SCORE_VERSION + 5}`);
    expect(none.status).toBe(200);
    expect(await none.text()).toContain('data-agreement-empty');
    const bad = await admin.get('/academy/agreement?version=abc');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The score version must be a whole number');
  });

  it('is closed to instructors and trainees (403) and shows another academy’s admin nothing of this one', async () => {
    expect((await (await as('instructor@demo.stipple.test')).get('/academy/agreement')).status).toBe(403);
    expect((await (await as('trainee@demo.stipple.test')).get('/academy/agreement')).status).toBe(403);
    const north = await as('admin@northline.test');
    const res = await north.get('/academy/agreement');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-agreement-empty');
    expect(html).not.toContain('data-disagreement=');
    expect(html).not.toContain('Jamie Lee');
    // Asking for the demo academy by slug does not switch a non-member into it.
    const forced = await north.get('/academy/agreement?academy=demo');
    expect(await forced.text()).not.toContain(`data-disagreement="${demo.lenient}"`);
    const anon = new Client(server.baseUrl);
    const redirect = await anon.get('/academy/agreement');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
