import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkAttempts, lessonProgress, sessions, users } from '../../db/schema.ts';
import { createSession } from '../../src/server/sessions.ts';
import { bound, preparedOnce } from '../../src/server/prepared.ts';
import { freshDb } from '../support/db.ts';

/** The rows Drizzle itself maps for a kept query (the kept query's prototype is Drizzle's prepared query). */
const drizzleOwn = <T extends object>(q: T) => Object.getPrototypeOf(q) as T;

describe('kept queries read the same rows as Drizzle maps them', () => {
  const db = freshDb();
  const now = new Date('2026-03-01T10:00:00Z');
  const u1 = db
    .insert(users)
    .values({ email: 'a@x.test', displayName: 'Zoë Ä — “quoted”', passwordHash: 'h', createdAt: now })
    .returning()
    .get().id;
  const u2 = db
    .insert(users)
    .values({ email: 'b@x.test', displayName: 'Bo', passwordHash: 'h', createdAt: now, notificationMails: false })
    .returning()
    .get().id;
  const { session } = createSession(db, u1, now);
  db.insert(lessonProgress)
    .values([
      { userId: u1, lessonId: 'one', firstOpenedAt: now, lastOpenedAt: now, completedAt: now },
      { userId: u1, lessonId: 'two', firstOpenedAt: now, lastOpenedAt: new Date(now.getTime() + 5) },
    ])
    .run();
  db.insert(checkAttempts)
    .values([
      {
        userId: u1,
        checkId: 'm1',
        answers: { q1: ['a'] },
        correct: 1,
        total: 2,
        score: 50,
        passed: false,
        createdAt: now,
      },
      {
        userId: u1,
        checkId: 'm1',
        answers: { q1: ['b'] },
        correct: 2,
        total: 2,
        score: 100,
        passed: true,
        createdAt: now,
      },
    ])
    .run();

  it('columns of every mode (timestamps, booleans, JSON, blobs, nullable) and SQL fields', () => {
    const q = preparedOnce(db, 'test-attempts', () =>
      db
        .select({
          id: checkAttempts.id,
          answers: checkAttempts.answers,
          passed: checkAttempts.passed,
          createdAt: checkAttempts.createdAt,
          name: sql<string>`(select ${users.displayName} from ${users} where ${users.id} = ${checkAttempts.userId})`,
          mails: users.notificationMails,
          n: sql<number>`${checkAttempts.score} * 2`.mapWith(Number),
        })
        .from(checkAttempts)
        .innerJoin(users, eq(users.id, checkAttempts.userId))
        .where(eq(checkAttempts.userId, bound('userId')))
        .prepare(),
    );
    // The kept query wraps Drizzle's own (which is its prototype).
    expect(Object.hasOwn(drizzleOwn(q), 'stmt')).toBe(true);
    const rows = q.all({ userId: u1 });
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(drizzleOwn(q).all({ userId: u1 }));
    expect(rows[1]!.createdAt).toBeInstanceOf(Date);
    expect(rows[1]!.answers).toEqual({ q1: ['b'] });
    expect(rows[1]!.passed).toBe(true);
    expect(rows[0]!.name).toBe('Zoë Ä — “quoted”');
    expect(q.all({ userId: u2 })).toEqual([]);
  });

  it('get, nulls and missing placeholder values', () => {
    const q = preparedOnce(db, 'test-progress', () =>
      db
        .select({ lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt })
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, bound('userId')), eq(lessonProgress.lastOpenedAt, sql.placeholder('at'))))
        .prepare(),
    );
    const later = now.getTime() + 5;
    expect(q.get({ userId: u1, at: later })).toEqual({ lessonId: 'two', completedAt: null });
    expect(q.get({ userId: u1, at: later })).toEqual(drizzleOwn(q).get({ userId: u1, at: later }));
    expect(q.get({ userId: u1, at: 0 })).toBeUndefined();
    expect(() => q.get({ userId: u1 })).toThrow(/No value for placeholder "at"/);
  });

  it('a session row with its secret hash and the counts of an aggregate', () => {
    const s = preparedOnce(db, 'test-session', () =>
      db
        .select({ secretHash: sessions.secretHash, expiresAt: sessions.expiresAt })
        .from(sessions)
        .where(eq(sessions.id, bound('id')))
        .prepare(),
    );
    const row = s.get({ id: session.id })!;
    expect(Buffer.isBuffer(row.secretHash)).toBe(true);
    expect(row).toEqual(drizzleOwn(s).get({ id: session.id }));
    const c = preparedOnce(db, 'test-count', () =>
      db
        .select({ n: count() })
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, bound('userId')), isNull(lessonProgress.completedAt)))
        .prepare(),
    );
    expect(c.get({ userId: u1 })).toEqual({ n: 1 });
    expect(c.get({ userId: u1 })).toEqual(drizzleOwn(c).get({ userId: u1 }));
  });
});
