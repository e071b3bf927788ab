/**
 * The grading queue's counters (`grading_queue_counts`, `grading_claim_counts`, kept by the
 * triggers of migration 0017) on a real migrated database: after every kind of write to
 * submissions and claims — including the deletes that cascade from a trainee, an instructor
 * or an academy — they equal a recount of the rows, and `queuePage` and `waitingCount` report
 * the same counts as counting the queue directly, expired claims included.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { populateAcademy, shapeFromFiles } from '../../src/cli/bench-academy.ts';
import { claimAttempt, queuePage, releaseClaim, waitingCount } from '../../src/server/grading.ts';
import { closeAfterFile } from '../support/temp.ts';
import { tempDbPath } from '../support/db.ts';

const shape = shapeFromFiles();

describe('grading queue counters', () => {
  const db = openDatabase(tempDbPath());
  closeAfterFile(() => db.$client.close());
  const sqlite = db.$client;
  const now = new Date();
  const a = populateAcademy(db, { slug: 'counta', trainees: 12, shape, seed: 5, now });
  const b = populateAcademy(db, { slug: 'countb', trainees: 9, shape, seed: 6, now });

  /** The counters as stored, without rows that count nothing. */
  const stored = () => ({
    queue: sqlite
      .prepare(
        'select academy_id, waiting, claimed from grading_queue_counts where waiting != 0 or claimed != 0 order by 1',
      )
      .all(),
    claims: sqlite
      .prepare('select academy_id, user_id, claimed from grading_claim_counts where claimed != 0 order by 1, 2')
      .all(),
  });
  /** The same figures counted from the rows. */
  const recount = () => ({
    queue: sqlite
      .prepare(
        `select da.academy_id, count(*) as waiting, count(c.attempt_id) as claimed
         from drill_attempts da left join claims c on c.attempt_id = da.id
         where da.status = 'submitted' group by da.academy_id order by 1`,
      )
      .all(),
    claims: sqlite
      .prepare(
        `select da.academy_id, c.user_id, count(*) as claimed
         from claims c join drill_attempts da on da.id = c.attempt_id
         where da.status = 'submitted' group by da.academy_id, c.user_id order by 1, 2`,
      )
      .all(),
  });
  const waitingOf = (academyId: number) =>
    sqlite
      .prepare(
        "select id, user_id as userId from drill_attempts where academy_id = ? and status = 'submitted' order by id",
      )
      .all(academyId) as Array<{ id: number; userId: number }>;
  const claimedOf = (academyId: number) =>
    sqlite
      .prepare(
        "select c.attempt_id as id, c.user_id as userId from claims c join drill_attempts da on da.id = c.attempt_id where da.academy_id = ? and da.status = 'submitted' order by 1",
      )
      .all(academyId) as Array<{ id: number; userId: number }>;
  const newUser = (email: string) =>
    (
      sqlite
        .prepare("insert into users (email, display_name, password_hash) values (?, ?, 'x') returning id")
        .get(email, email) as { id: number }
    ).id;

  it('starts equal to a recount of the bulk-loaded rows', () => {
    expect(stored().queue).toHaveLength(2);
    expect(stored()).toEqual(recount());
  });

  it('follows claims made, handed over and released, and submissions graded, reopened, moved and deleted', () => {
    const steps: Array<[string, () => void]> = [];
    const unclaimed = () => waitingOf(a.academyId).find((w) => !claimedOf(a.academyId).some((c) => c.id === w.id))!;
    const other = newUser('second-instructor@counta.test');
    sqlite
      .prepare("insert into memberships (user_id, academy_id, role) values (?, ?, 'instructor')")
      .run(other, a.academyId);
    steps.push([
      'claim through the service',
      () => expect(claimAttempt(db, unclaimed().id, a.academyId, other, now).ok).toBe(true),
    ]);
    steps.push([
      'claim handed to another instructor (upsert)',
      () => {
        const taken = claimedOf(a.academyId).find((c) => c.userId === a.instructorId)!;
        sqlite.prepare('update claims set expires_at = ? where attempt_id = ?').run(now.getTime() - 1, taken.id);
        expect(claimAttempt(db, taken.id, a.academyId, other, now).ok).toBe(true);
      },
    ]);
    steps.push([
      'release through the service',
      () => {
        const mine = claimedOf(a.academyId).find((c) => c.userId === other)!;
        expect(releaseClaim(db, mine.id, a.academyId, other).ok).toBe(true);
      },
    ]);
    steps.push([
      'graded with its claim left in place',
      () => {
        const id = claimedOf(a.academyId)[0]!.id;
        sqlite.prepare("update drill_attempts set status = 'graded' where id = ?").run(id);
        sqlite.prepare("update drill_attempts set status = 'submitted' where id = ?").run(id);
        sqlite.prepare("update drill_attempts set status = 'graded' where id = ?").run(id);
      },
    ]);
    steps.push([
      'a draft submitted, a graded canvas left alone',
      () => {
        const draft = sqlite
          .prepare("select id from drill_attempts where academy_id = ? and status = 'draft'")
          .get(a.academyId) as { id: number };
        sqlite
          .prepare("update drill_attempts set status = 'submitted', submitted_at = ? where id = ?")
          .run(now.getTime(), draft.id);
        sqlite
          .prepare("update drill_attempts set total = 99 where academy_id = ? and status = 'graded'")
          .run(a.academyId);
      },
    ]);
    steps.push([
      'a claimed submission moved to the other academy',
      () =>
        sqlite
          .prepare('update drill_attempts set academy_id = ? where id = ?')
          .run(b.academyId, claimedOf(a.academyId)[0]!.id),
    ]);
    steps.push([
      'a claimed submission deleted',
      () => sqlite.prepare('delete from drill_attempts where id = ?').run(claimedOf(a.academyId)[0]!.id),
    ]);
    steps.push([
      'a submission inserted as submitted, then claimed',
      () => {
        const w = waitingOf(a.academyId)[0]!;
        const { id } = sqlite
          .prepare(
            "insert into drill_attempts (user_id, academy_id, template_id, template_version, status, updated_at, submitted_at) values (?, ?, 'scar-patch', 1, 'submitted', ?, ?) returning id",
          )
          .get(w.userId, a.academyId, now.getTime(), now.getTime()) as { id: number };
        sqlite
          .prepare('insert into claims (attempt_id, user_id, claimed_at, expires_at) values (?, ?, ?, ?)')
          .run(id, other, 0, now.getTime() + 60_000);
      },
    ]);
    steps.push([
      'a trainee with claimed submissions deleted (cascade)',
      () => {
        // One without a certificate: certificates keep their holder.
        const trainee = sqlite
          .prepare(
            `select da.user_id from claims c join drill_attempts da on da.id = c.attempt_id
             where da.academy_id = ? and da.status = 'submitted' and da.user_id not in (select user_id from certificates)`,
          )
          .pluck()
          .get(a.academyId);
        sqlite.prepare('delete from users where id = ?').run(trainee);
      },
    ]);
    steps.push([
      'an instructor holding claims deleted (cascade)',
      () => sqlite.prepare('delete from users where id = ?').run(other),
    ]);
    for (const [what, step] of steps) {
      const before = JSON.stringify(stored());
      step();
      expect(stored(), what).toEqual(recount());
      expect(JSON.stringify(stored()), `${what} changes the counts`).not.toBe(before);
    }
  });

  it('gives queuePage and waitingCount the counts of the queue itself, expired claims left out', () => {
    // Some of this instructor's claims, and some others', have expired.
    const colleague = newUser('colleague@countb.test');
    const open = waitingOf(b.academyId).filter((w) => !claimedOf(b.academyId).some((c) => c.id === w.id));
    for (const w of open.slice(0, 3)) expect(claimAttempt(db, w.id, b.academyId, colleague, now).ok).toBe(true);
    const claimed = claimedOf(b.academyId);
    expect(claimed.filter((c) => c.userId === b.instructorId).length).toBeGreaterThan(2);
    sqlite
      .prepare('update claims set expires_at = ? where attempt_id in (?, ?)')
      .run(now.getTime() - 1, claimed[0]!.id, claimed[1]!.id);
    const t = now.getTime();
    const direct = sqlite
      .prepare(
        `select count(*) as waiting, count(c.attempt_id) filter (where c.expires_at > ?) as claimed,
           count(c.attempt_id) filter (where c.expires_at > ? and c.user_id = ?) as mine, min(da.submitted_at) as oldest
         from drill_attempts da left join claims c on c.attempt_id = da.id where da.academy_id = ? and da.status = 'submitted'`,
      )
      .get(t, t, b.instructorId, b.academyId) as { waiting: number; claimed: number; mine: number; oldest: number };
    const page = queuePage(
      db,
      b.academyId,
      shape.templateNames,
      { status: 'all', order: 'oldest' },
      b.instructorId,
      now,
      1,
    );
    expect(page.summary).toEqual({
      waiting: direct.waiting,
      unclaimed: direct.waiting - direct.claimed,
      mine: direct.mine,
      oldestAgeMs: t - direct.oldest,
    });
    expect(direct.mine).toBeGreaterThan(0);
    expect(direct.claimed).toBeGreaterThan(direct.mine);
    const mine = queuePage(
      db,
      b.academyId,
      shape.templateNames,
      { status: 'mine', order: 'oldest' },
      b.instructorId,
      now,
      1,
    );
    expect(mine.matching).toBe(direct.mine);
    expect(mine.rows).toHaveLength(direct.mine);
    const others = queuePage(
      db,
      b.academyId,
      shape.templateNames,
      { status: 'claimed', order: 'oldest' },
      b.instructorId,
      now,
      1,
    );
    expect(others.matching).toBe(direct.claimed - direct.mine);
    expect(others.rows).toHaveLength(direct.claimed - direct.mine);
    expect(waitingCount(db, b.academyId)).toBe(direct.waiting);
  });

  it('drops an academy’s counters with the academy (cascade)', () => {
    sqlite.prepare('delete from academies where id = ?').run(b.academyId);
    expect(stored()).toEqual(recount());
    expect(waitingCount(db, b.academyId)).toBe(0);
  });
});
