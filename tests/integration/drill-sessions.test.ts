import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDots, drillAttempts, users } from '../../db/schema.ts';
import { getAttempt } from '../../src/server/drill-attempts.ts';
import { seededRng } from '../../src/lib/drill/patterns.ts';
import { sessionOne } from '../../src/lib/drill/variants.ts';
import { addUser, unlockDrillPath } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';
import { addMember } from '../../src/server/academies.ts';

let server: RunningServer;
let trainee: Client;
let other: Client;
beforeAll(async () => {
  server = await startServer();
  const second = await addUser(server.db, 'sessions.second@demo.test', DEMO_PASSWORD);
  addMember(server.db, second, 1, 'trainee');
  // Both work the crown (a full template): their drill path is open (levels 1–2 passed by the instructor).
  unlockDrillPath(server.db);
  unlockDrillPath(server.db, 'sessions.second@demo.test');
  trainee = new Client(server.baseUrl);
  await trainee.login('trainee@demo.stipple.test', DEMO_PASSWORD);
  other = new Client(server.baseUrl);
  await other.login('sessions.second@demo.test', DEMO_PASSWORD);
});
afterAll(() => server?.stop());

const crown = template('crown-whorl');
/** A correct foundation (session 1) on the crown, as stored dots. */
const foundation = () => {
  const w = sessionOne(crown, seededRng(5));
  return w.xs.map((x, i) => [x, w.ys[i]!, i * 300, 0.3] as [number, number, number, number]);
};
const userId = (email: string) => server.db.select().from(users).where(eq(users.email, email)).get()!.id;
/** The trainee's crown draft as the drill-attempts service reads it (row and impressions). */
const draftRow = (email = 'trainee@demo.stipple.test') => {
  const row = server.db
    .select({ id: drillAttempts.id })
    .from(drillAttempts)
    .where(
      and(
        eq(drillAttempts.userId, userId(email)),
        eq(drillAttempts.templateId, 'crown-whorl'),
        eq(drillAttempts.status, 'draft'),
      ),
    )
    .get();
  return row ? getAttempt(server.db, row.id) : undefined;
};

describe('drafts and submissions with sessions', () => {
  it('stores the session of each impression and the current session, and restores them on the page', async () => {
    const res = await trainee.postJson(
      '/api/drill/crown-whorl/draft',
      {
        dots: [
          [50, 50, 0, 0.3],
          [53, 50, 500, 0.3],
          [51.5, 52, 900, 0.3],
        ],
        sessions: [1, 1, 2],
        session: 2,
      },
      'PUT',
    );
    expect(res.status).toBe(200);
    const row = draftRow()!;
    expect(row.dotSessions).toEqual([1, 1, 2]);
    expect(row.session).toBe(2);
    const page = await (await trainee.get('/drill/crown-whorl')).text();
    expect(page).toContain('"sessions":[1,1,2]');
    expect(page).toContain('"session":2');
  });

  it('keeps a save without sessions readable as before (one session, finished work)', async () => {
    const res = await trainee.postJson('/api/drill/crown-whorl/draft', { dots: [[50, 50, 0, 0.3]] }, 'PUT');
    expect(res.status).toBe(200);
    const row = draftRow()!;
    expect(row.dotSessions).toBeNull();
    expect(row.session).toBeNull();
  });

  const bad: Array<[string, object, RegExp]> = [
    [
      'a session beyond the plan',
      { dots: [], session: 4 },
      /session 4 does not exist: this template's plan has 3 sessions/,
    ],
    ['session 0', { dots: [], session: 0 }, /session must be 1 or more/],
    ['a fractional session', { dots: [], session: 1.5 }, /session must be a whole number/],
    [
      'a session per impression missing',
      { dots: [[50, 50, 0, 0.3]], sessions: [], session: 1 },
      /"sessions" has 0 entries for 1 impressions/,
    ],
    [
      'an impression of a later session than the current one',
      { dots: [[50, 50, 0, 0.3]], sessions: [2], session: 1 },
      /sessions\[0\] is 2, later than the current session 1/,
    ],
    [
      'sessions going back',
      {
        dots: [
          [50, 50, 0, 0.3],
          [53, 50, 10, 0.3],
        ],
        sessions: [2, 1],
        session: 2,
      },
      /sessions\[1\] is 1 after an impression of session 2/,
    ],
    [
      'a session that is not a number',
      { dots: [[50, 50, 0, 0.3]], sessions: ['1'] },
      /sessions\[0\]: session must be a number/,
    ],
  ];
  for (const [what, body, message] of bad) {
    it(`answers ${what} with 400 and a readable message, writing nothing`, async () => {
      const before = [server.db.select().from(drillAttempts).all(), server.db.select().from(attemptDots).all()];
      for (const url of ['/api/drill/crown-whorl/draft', '/api/drill/crown-whorl/submit']) {
        const res = await trainee.postJson(url, body, url.endsWith('draft') ? 'PUT' : 'POST');
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatch(message);
      }
      expect([server.db.select().from(drillAttempts).all(), server.db.select().from(attemptDots).all()]).toEqual(
        before,
      );
    });
  }

  it('scores a submission as the end of its session on the server: a foundation passes as session 1, fails as finished work', async () => {
    const dots = foundation();
    const asFinished = await trainee.postJson('/api/drill/crown-whorl/submit', { dots });
    expect(asFinished.status).toBe(201);
    const finished = await asFinished.json();
    expect(finished.pass).toBe(false);
    expect(finished.session).toMatchObject({ session: 3, of: 3, final: true });

    const res = await trainee.postJson('/api/drill/crown-whorl/submit', {
      dots,
      sessions: dots.map(() => 1),
      session: 1,
      total: 100,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.pass).toBe(true);
    expect(body.session).toMatchObject({ session: 1, of: 3, name: 'Foundation', final: false });
    const row = getAttempt(server.db, body.attemptId)!;
    expect(row.session).toBe(1);
    expect(row.dotSessions).toHaveLength(dots.length);
    expect(row.total).toBe(body.total);
    expect((row.score as { session?: { session: number } }).session?.session).toBe(1);

    // The attempt page says which session it was judged as and lists the sessions.
    const page = await (await trainee.get(`/drill/attempts/${body.attemptId}`)).text();
    expect(page).toContain('Judged as the end of session 1 of 3 (Foundation)');
    expect(page).toMatch(
      new RegExp(`Session 1 \\(Foundation\\): (<!--.*?-->)?${dots.length}(<!--.*?-->)? impressions`),
    );

    // The trainee's list of attempts on the template says what each was judged as.
    const list = await (await trainee.get('/drill/crown-whorl')).text();
    expect(list).toMatch(/judged as the end of session 1 of 3 \(Foundation\)/);
    expect(list).toMatch(/judged as finished work/);

    // The instructor's review page shows the same sessions and judgement.
    const instructor = new Client(server.baseUrl);
    await instructor.login('instructor@demo.stipple.test', DEMO_PASSWORD);
    const review = await instructor.get(`/instructor/review/${body.attemptId}`);
    expect(review.status).toBe(200);
    const html = await review.text();
    expect(html).toContain('data-session-legend');
    expect(html).toContain('Judged as the end of session 1 of 3 (Foundation)');
    expect(html).toContain('"sessions":[1,1');
  });

  it("keeps another trainee's attempt a 404 and their draft out of reach", async () => {
    await trainee.postJson(
      '/api/drill/crown-whorl/draft',
      { dots: [[45, 20, 0, 0.35]], sessions: [1], session: 1 },
      'PUT',
    );
    const mine = server.db.select().from(drillAttempts).where(eq(drillAttempts.status, 'submitted')).all();
    for (const a of mine) expect((await other.get(`/drill/attempts/${a.id}`)).status).toBe(404);
    const page = await (await other.get('/drill/crown-whorl')).text();
    expect(page).not.toContain('[[45,20,0,0.35]]');
    // Their own save with sessions lands in their own draft only.
    const res = await other.postJson(
      '/api/drill/crown-whorl/draft',
      { dots: [[10, 10, 0, 0.3]], sessions: [1], session: 1 },
      'PUT',
    );
    expect(res.status).toBe(200);
    expect(draftRow()!.dots).toEqual([[45, 20, 0, 0.35]]);
  });
});
