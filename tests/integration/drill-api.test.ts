import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillAttempts } from '../../db/schema.ts';
import { naturalPattern, seededRng } from '../../src/lib/drill/patterns.ts';
import { SCORE_VERSION } from '../../src/lib/drill/scoring-config.ts';
import { addAcademyWithStaff, addUser, unlockDrillPath } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';
import { addMember } from '../../src/server/academies.ts';
import { getAttempt } from '../../src/server/drill-attempts.ts';

let server: RunningServer;
let trainee: Client;
beforeAll(async () => {
  server = await startServer();
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  const other = await addUser(server.db, 'second.trainee@demo.test', DEMO_PASSWORD);
  addMember(server.db, other, 1, 'trainee');
  // Both trainees work full templates here: their drill path is open (levels 1–2 passed by the instructor).
  unlockDrillPath(server.db);
  unlockDrillPath(server.db, 'second.trainee@demo.test');
  trainee = new Client(server.baseUrl);
  await trainee.login('trainee@demo.stipple.test', DEMO_PASSWORD);
});
afterAll(() => server?.stop());

const attemptCount = () => server.db.select({ n: count() }).from(drillAttempts).get()!.n;
const crown = template('crown-whorl');
const natural = () => {
  const d = naturalPattern(crown, seededRng(21));
  return d.xs.map((x, i) => [x, d.ys[i]!, i * 400, 0.3] as [number, number, number, number]);
};

describe('drafts autosave', () => {
  it('refuses an anonymous save with 401 and a cross-site one with 403', async () => {
    const anon = await new Client(server.baseUrl).postJson('/api/drill/crown-whorl/draft', { dots: [] }, 'PUT');
    expect(anon.status).toBe(401);
    const xsite = await trainee.request('/api/drill/crown-whorl/draft', {
      method: 'PUT',
      body: JSON.stringify({ dots: [] }),
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    expect(xsite.status).toBe(403);
  });

  it('keeps one draft per trainee and template, replaced on every save, and shows it on reload', async () => {
    const first = await trainee.postJson('/api/drill/crown-whorl/draft', { dots: [[50, 50, 0, 0.3]] }, 'PUT');
    expect(first.status).toBe(200);
    const second = await trainee.postJson(
      '/api/drill/crown-whorl/draft',
      {
        dots: [
          [50, 50, 0, 0.3],
          [52.5, 50, 900, 0.25],
        ],
      },
      'PUT',
    );
    const body = await second.json();
    expect(body).toMatchObject({ dotCount: 2 });
    const drafts = server.db.select().from(drillAttempts).where(eq(drillAttempts.status, 'draft')).all();
    expect(drafts).toHaveLength(1);
    // Stored apart from the attempt's row, in the compact binary form; the service reads it back as the list.
    const stored = server.db.$client
      .prepare(`select data from attempt_dots where attempt_id = ?`)
      .pluck()
      .get(drafts[0]!.id) as Buffer;
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect(stored.length).toBeLessThan('[[50,50,0,0.3],[52.5,50,900,0.25]]'.length);
    expect(getAttempt(server.db, drafts[0]!.id)!.dots).toEqual([
      [50, 50, 0, 0.3],
      [52.5, 50, 900, 0.25],
    ]);
    const page = await (await trainee.get('/drill/crown-whorl')).text();
    expect(page).toContain('[[50,50,0,0.3],[52.5,50,900,0.25]]');
  });

  const bad: Array<[string, string | object, number, RegExp]> = [
    ['not JSON', '{"dots": [', 400, /not valid JSON/],
    ['no dots list', { points: [] }, 400, /dots/],
    ['a string coordinate', { dots: [['1', 2, 0, 0.3]] }, 400, /dots\[0\]\[0\]: x must be a number/],
    ['an impression off the canvas', { dots: [[101, 2, 0, 0.3]] }, 400, /off the 100×100 mm canvas/],
    [
      'times running backwards',
      {
        dots: [
          [1, 2, 50, 0.3],
          [3, 4, 10, 0.3],
        ],
      },
      400,
      /earlier time/,
    ],
    ['an impossible needle', { dots: [[1, 2, 0, 9]] }, 400, /diameter/],
    [
      'more than 20,000 impressions',
      { dots: Array.from({ length: 20_001 }, (_, i) => [1, 1, i, 0.3]) },
      400,
      /at most 20,000/,
    ],
  ];
  for (const [what, body, status, message] of bad) {
    it(`answers ${what} with ${status} and writes nothing`, async () => {
      const before = server.db.select().from(drillAttempts).all();
      const res = await trainee.postJson('/api/drill/crown-whorl/draft', body, 'PUT');
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(message);
      expect(server.db.select().from(drillAttempts).all()).toEqual(before);
    });
  }

  it('answers an oversized body with 413 and an unknown template with 404', async () => {
    const huge = JSON.stringify({ dots: Array.from({ length: 60_000 }, (_, i) => [12.3456789, 45.6789012, i, 0.3]) });
    const res = await trainee.postJson('/api/drill/crown-whorl/draft', huge, 'PUT');
    expect(res.status).toBe(413);
    const unknown = await trainee.postJson('/api/drill/no-such-template/draft', { dots: [] }, 'PUT');
    expect(unknown.status).toBe(404);
  });
});

describe('submit for review', () => {
  let attemptId = 0;

  it('freezes the canvas with the server’s own score, ignoring any score the client sends', async () => {
    const res = await trainee.postJson('/api/drill/crown-whorl/submit', {
      dots: natural(),
      score: { total: 3 },
      total: 3,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    attemptId = body.attemptId;
    expect(body.total).toBeGreaterThanOrEqual(90);
    expect(body.pass).toBe(true);
    const row = server.db.select().from(drillAttempts).where(eq(drillAttempts.id, attemptId)).get()!;
    expect(row.status).toBe('submitted');
    expect(row.total).toBe(body.total);
    expect(row.scoreVersion).toBe(SCORE_VERSION);
    expect((row.score as { spacing: number }).spacing).toBe(100);
    // The draft became the submission: no draft is left behind.
    expect(server.db.select().from(drillAttempts).where(eq(drillAttempts.status, 'draft')).all()).toHaveLength(0);
  });

  it('refuses an empty submission', async () => {
    const before = attemptCount();
    const res = await trainee.postJson('/api/drill/crown-whorl/submit', { dots: [] });
    expect(res.status).toBe(400);
    expect(attemptCount()).toBe(before);
  });

  it('makes one submission of a double-clicked submit, and a new one for a changed canvas', async () => {
    const d = naturalPattern(crown, seededRng(22));
    const dots = d.xs.map((x, i) => [x, d.ys[i]!, i * 400, 0.3]);
    const before = attemptCount();
    const [a, b] = await Promise.all([
      trainee.postJson('/api/drill/crown-whorl/submit', { dots }),
      trainee.postJson('/api/drill/crown-whorl/submit', { dots }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { attemptId: number; total: number }[];
    expect(ja!.attemptId).toBe(jb!.attemptId);
    expect(ja!.total).toBe(jb!.total);
    expect(attemptCount()).toBe(before + 1);
    const changed = await trainee.postJson('/api/drill/crown-whorl/submit', { dots: dots.slice(1) });
    expect(changed.status).toBe(201);
    expect(attemptCount()).toBe(before + 2);
  });

  it('shows the attempt to its trainee and to instructors of the academy only', async () => {
    expect((await trainee.get(`/drill/attempts/${attemptId}`)).status).toBe(200);

    const instructor = new Client(server.baseUrl);
    await instructor.login('instructor@demo.stipple.test', DEMO_PASSWORD);
    const staffView = await instructor.get(`/drill/attempts/${attemptId}`);
    expect(staffView.status).toBe(200);
    expect(await staffView.text()).toContain('Jamie Lee’s attempt');

    const otherTrainee = new Client(server.baseUrl);
    await otherTrainee.login('second.trainee@demo.test', DEMO_PASSWORD);
    expect((await otherTrainee.get(`/drill/attempts/${attemptId}`)).status).toBe(404);

    const otherAcademyAdmin = new Client(server.baseUrl);
    await otherAcademyAdmin.login('admin@northline.test', DEMO_PASSWORD);
    expect((await otherAcademyAdmin.get(`/drill/attempts/${attemptId}`)).status).toBe(404);
    expect((await otherAcademyAdmin.get('/drill/attempts/999999')).status).toBe(404);
    expect((await otherAcademyAdmin.get('/drill/attempts/abc')).status).toBe(404);
  });

  it('lists the best submitted score on /drill', async () => {
    const html = await (await trainee.get('/drill')).text();
    const card = html.slice(html.indexOf('data-template="crown-whorl"'));
    expect(card.slice(0, card.indexOf('</li>'))).toMatch(/Best score (9\d|100)/);
  });

  it("keeps one trainee's drafts away from another's", async () => {
    const other = new Client(server.baseUrl);
    await other.login('second.trainee@demo.test', DEMO_PASSWORD);
    await trainee.postJson('/api/drill/scar-patch/draft', { dots: [[45, 20, 0, 0.35]] }, 'PUT');
    const page = await (await other.get('/drill/scar-patch')).text();
    expect(page).not.toContain('[[45,20,0,0.35]]');
    expect(page).toContain('"dots":[]');
  });
});
