import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDots, users } from '../../db/schema.ts';
import { DraftSync, type CanvasState } from '../../src/client/draft-sync.ts';
import { naturalPattern, seededRng } from '../../src/lib/drill/patterns.ts';
import { getDraft } from '../../src/server/drill-attempts.ts';
import { STALE_DRAFT_MESSAGE } from '../../src/server/draft-delta.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';

let server: RunningServer;
let trainee: Client;
beforeAll(async () => {
  server = await startServer();
  unlockDrillPath(server.db); // the crown is a full template (level 3)
  trainee = new Client(server.baseUrl);
  await trainee.login('trainee@demo.stipple.test', DEMO_PASSWORD);
});
afterAll(() => server?.stop());

const URL_ = '/api/drill/crown-whorl/draft';
const crown = template('crown-whorl');
const key = () => ({
  userId: server.db.select({ id: users.id }).from(users).where(eq(users.email, 'trainee@demo.stipple.test')).get()!.id,
  academyId: 1,
  templateId: 'crown-whorl',
});

/** What the drill page's autosave sends, through the trainee's signed-in connection; every request recorded. */
function page() {
  const sent: Array<{ method: string; status: number; bytes: number }> = [];
  const sync = new DraftSync(URL_, (async (url: string, init: RequestInit) => {
    const res = await trainee.request(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), origin: server.baseUrl },
    });
    sent.push({ method: init.method!, status: res.status, bytes: String(init.body).length });
    return res;
  }) as typeof fetch);
  return { sync, sent };
}

function canvas(n: number, seed = 7): CanvasState {
  const d = naturalPattern(crown, seededRng(seed));
  const dots = d.xs
    .slice(0, n)
    .map(
      (x, i) =>
        [Math.round(x * 1000) / 1000, Math.round(d.ys[i]! * 1000) / 1000, i * 300, 0.3] as CanvasState['dots'][0],
    );
  return { dots, sessions: dots.map(() => 1), session: 1 };
}

const stored = () => {
  const draft = getDraft(server.db, key())!;
  return { dots: draft.dots, sessions: draft.dotSessions, session: draft.session };
};
const revision = () =>
  server.db
    .select({ r: attemptDots.revision })
    .from(attemptDots)
    .where(eq(attemptDots.attemptId, getDraft(server.db, key())!.id))
    .get()!.r;

describe('autosave sends only what changed', () => {
  it('sends the whole canvas first, then deltas that leave the draft exactly as the page holds it', async () => {
    const tab = page();
    const state = canvas(400);
    const first = await tab.sync.save(state);
    expect(tab.sent.at(-1)).toMatchObject({ method: 'PUT', status: 200 });
    expect(first.revision).toBe(revision());

    // One impression erased from the middle, two placed, one of them in session 2.
    state.dots.splice(120, 1);
    state.sessions.splice(120, 1);
    state.dots.push([40.5, 30.25, 999_000, 0.3], [41.125, 31, 999_400, 0.35]);
    state.sessions.push(1, 2);
    state.session = 2;
    const second = await tab.sync.save(state);
    expect(tab.sent.at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
    expect(second.revision).toBe(first.revision + 1);
    expect(revision()).toBe(second.revision);
    expect(stored()).toEqual({ dots: state.dots, sessions: state.sessions, session: 2 });
    // A delta of three impressions against a full body of 401.
    expect(tab.sent.at(-1)!.bytes).toBeLessThan(tab.sent[0]!.bytes / 50);

    // Undo of the erase puts the impression back where it was: still a delta, still exact.
    const restored = canvas(400).dots[120]!;
    state.dots.splice(120, 0, restored);
    state.sessions.splice(120, 0, 1);
    await tab.sync.save(state);
    expect(tab.sent.at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
    expect(stored().dots).toEqual(state.dots);
  });

  it('refuses a delta made against an older revision with 409, and the page then sends the whole canvas', async () => {
    const tabA = page();
    const tabB = page();
    const a = canvas(50, 11);
    await tabA.sync.save(a);
    const b = canvas(30, 12);
    await tabB.sync.save(b); // another tab saves: the draft moves on
    const before = revision();

    a.dots.push([20, 20, 1e6, 0.3]);
    a.sessions.push(1);
    await tabA.sync.save(a);
    expect(tabA.sent.slice(-2)).toMatchObject([
      { method: 'PATCH', status: 409 },
      { method: 'PUT', status: 200 },
    ]);
    expect(stored().dots).toEqual(a.dots);
    expect(revision()).toBe(before + 1);

    // The answer to a stale delta, as any client sees it.
    const stale = await trainee.postJson(URL_, { revision: before - 1, removed: [0], added: [] }, 'PATCH');
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ error: STALE_DRAFT_MESSAGE });
    expect(stored().dots).toEqual(a.dots);
  });

  it('refuses a delta that does not fit the draft or breaks a canvas rule, and writes nothing', async () => {
    const tab = page();
    const state = canvas(20, 13);
    const { revision: r } = await tab.sync.save(state);
    const outOfRange = await trainee.postJson(URL_, { revision: r, removed: [20], added: [] }, 'PATCH');
    expect(outOfRange.status).toBe(400);
    expect((await outOfRange.json()).error).toMatch(/removed positions must be ascending and below 20/);
    const offCanvas = await trainee.postJson(
      URL_,
      { revision: r, removed: [], added: [[20, 5000, 5000, 1, 0.3, 1]] },
      'PATCH',
    );
    expect(offCanvas.status).toBe(400);
    expect((await offCanvas.json()).error).toMatch(/^The changes were not saved: /);
    const malformed = await trainee.postJson(URL_, { revision: r, removed: 'all', added: [] }, 'PATCH');
    expect(malformed.status).toBe(400);
    expect(revision()).toBe(r);
    expect(stored().dots).toEqual(state.dots);
  });

  it('answers 409 when there is no draft (it was submitted), and refuses anonymous deltas', async () => {
    const other = new Client(server.baseUrl);
    await other.login('trainee@demo.stipple.test', DEMO_PASSWORD);
    const res = await other.postJson('/api/drill/scar-patch/draft', { revision: 1, removed: [], added: [] }, 'PATCH');
    expect(res.status).toBe(409);
    const anon = await new Client(server.baseUrl).postJson(URL_, { revision: 1, removed: [], added: [] }, 'PATCH');
    expect(anon.status).toBe(401);
  });
});
