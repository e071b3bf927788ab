/**
 * Migrating a database that already holds rows: migration 0005 rebuilds `reviews` and
 * `certificates` to add foreign keys on `supersedes` and `replaces`. Every row of every
 * table must survive (annotations hang off reviews by a cascading key), and the new keys
 * must then be enforced.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { getAttempt } from '../../src/server/drill-attempts.ts';
import { encodeDots } from '../../src/lib/drill/dot-codec.ts';
import type { StoredDot } from '../../src/lib/drill/dots.ts';
import { migrationsUpTo } from '../support/migrations.ts';
import { tempDir } from '../support/temp.ts';

/** Rows as the schema of migration 0004 stores them: a graded attempt with a correction, a renewed certificate. */
function fillVersion4(db: Db, opts: { danglingSupersedes?: boolean } = {}) {
  const run = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);
  run(`insert into users (id, email, display_name, password_hash) values
       (1, 'admin@a.test', 'Ada Admin', 'x'), (2, 'sam@a.test', 'Sam Instructor', 'x'), (3, 'tia@a.test', 'Tia Trainee', 'x')`);
  run(`insert into academies (id, slug, name, join_code, public_key_jwk, private_key_jwk)
       values (1, 'a', 'Academy A', 'A-CODE', '{"kty":"OKP","crv":"Ed25519","x":"pub"}', '{"kty":"OKP","crv":"Ed25519","x":"pub","d":"priv"}')`);
  run(
    `insert into memberships (user_id, academy_id, role) values (1, 1, 'admin'), (2, 1, 'instructor'), (3, 1, 'trainee')`,
  );
  run(`insert into drill_attempts (id, user_id, academy_id, template_id, template_version, status, dots, dot_count,
       score, score_version, total, pass, updated_at, submitted_at)
       values (1, 3, 1, 'crown-whorl', 1, 'graded', '[[1,2,0,0.3],[3,4,700,0.3]]', 2, '{"total":80}', 1, 80, 1, 1000, 1000)`);
  run(`insert into reviews (id, attempt_id, instructor_id, verdict, levels, rubric, comment, supersedes, created_at) values
       (1, 1, 2, 'redo', '{"spacing":2}', '[{"id":"spacing"}]', 'Too even.', null, 2000),
       (2, 1, 2, 'pass', '{"spacing":3}', '[{"id":"spacing"}]', 'On second look, fine.', 1, 3000)`);
  if (opts.danglingSupersedes)
    run(`insert into reviews (id, attempt_id, instructor_id, verdict, levels, rubric, supersedes, created_at)
         values (3, 1, 2, 'pass', '{}', '[]', 999, 4000)`);
  run(`insert into annotations (review_id, kind, x, y, radius, criterion, text) values
       (1, 'pin', 1, 2, 0, 'spacing', 'here'), (2, 'circle', 3, 4, 5, null, 'and here')`);
  run(`insert into programs (id, academy_id, name, description, hours, validity_months, requirements, renewal, updated_at)
       values (1, 1, 'Level 1', 'The first level.', 40, 12,
       '{"allLessons":true,"allChecks":true,"drills":[],"compliance":[]}', '{"drills":[],"withinMonths":12,"compliance":[]}', 1000)`);
  run(`insert into certificates (id, code, academy_id, program_id, user_id, holder_name, issued_at, valid_from, valid_until,
       issued_by, replaces, summary, credential_jwt) values
       (1, 'AAAAAAAAAAAAAAAAAAAA', 1, 1, 3, 'Tia Trainee', 1000, 1000, 5000, 1, null, '{"items":[],"scores":[]}', 'a.b.c'),
       (2, 'BBBBBBBBBBBBBBBBBBBB', 1, 1, 3, 'Tia Trainee', 4000, 5000, 9000, 1, 1, '{"items":[],"scores":[]}', 'd.e.f')`);
  run(
    `insert into audit_log (academy_id, actor_user_id, action, subject, detail) values (1, 2, 'review.corrected', 'attempt:1', '{"supersedes":1}')`,
  );
}

/** Every row of every application table, in rowid order. */
function everyRow(db: Db): Record<string, unknown[]> {
  const tables = db.$client
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations' order by name`,
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`select * from "${t}" order by rowid`).all()]));
}

const foreignKeys = (db: Db, table: string) =>
  (db.$client.pragma(`foreign_key_list(${table})`) as Array<{ from: string; table: string; to: string }>).map(
    (k) => `${k.from} → ${k.table}.${k.to}`,
  );

describe('migration 0005 on a database with rows', () => {
  it('keeps every row of every table, adds the two foreign keys, and leaves enforcement on', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'old.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0004_certification') });
    fillVersion4(old);
    const before = everyRow(old);
    expect(before.annotations).toHaveLength(2);
    expect(foreignKeys(old, 'reviews')).not.toContain('supersedes → reviews.id');
    old.$client.close();

    // Up to 0005 only: later migrations may add columns (0006 adds three to reviews).
    const db = openDatabase(file, { migrationsFolder: migrationsUpTo('0005_review_and_certificate_links') });
    expect(everyRow(db)).toEqual(before);
    expect(foreignKeys(db, 'reviews')).toContain('supersedes → reviews.id');
    expect(foreignKeys(db, 'certificates')).toContain('replaces → certificates.id');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    // The indexes of the rebuilt tables are back.
    const indexes = db.$client
      .prepare(`select name from sqlite_master where type = 'index' and tbl_name in ('reviews', 'certificates')`)
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'reviews_attempt_idx',
        'reviews_supersedes_once',
        'certificates_code_unique',
        'certificates_holder_idx',
      ]),
    );

    // Now enforced: a link to a missing row is refused…
    expect(() =>
      db.$client
        .prepare(
          `insert into reviews (attempt_id, instructor_id, verdict, levels, rubric, supersedes, created_at) values (1, 2, 'pass', '{}', '[]', 999, 1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => db.$client.prepare(`update certificates set replaces = 999 where id = 2`).run()).toThrow(
      /FOREIGN KEY constraint failed/,
    );
    // …and the links do not stand in the way of cascades that remove a whole chain at once.
    db.$client.prepare(`delete from drill_attempts where id = 1`).run();
    expect(db.$client.prepare(`select count(*) from reviews`).pluck().get()).toBe(0);
    expect(db.$client.prepare(`select count(*) from annotations`).pluck().get()).toBe(0);
    db.$client.prepare(`delete from academies where id = 1`).run();
    expect(db.$client.prepare(`select count(*) from certificates`).pluck().get()).toBe(0);
    db.$client.close();
  });

  it('refuses to migrate a link that points nowhere, and rolls back to the old schema with every row', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'dangling.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0004_certification') });
    fillVersion4(old, { danglingSupersedes: true });
    const before = everyRow(old);
    old.$client.close();

    let failure: unknown = null;
    try {
      openDatabase(file);
    } catch (e) {
      failure = e;
    }
    // Drizzle wraps SQLite's error; the cause names the check that failed.
    expect(String((failure as Error | null)?.cause)).toMatch(
      /CHECK constraint failed: every_link_of_reviews_and_certificates_points_to_a_row/,
    );
    const again = openDatabase(file, { migrationsFolder: migrationsUpTo('0004_certification') });
    expect(everyRow(again)).toEqual(before);
    expect(foreignKeys(again, 'reviews')).not.toContain('supersedes → reviews.id');
    again.$client.close();
  });
});

describe('migration attempt_sessions on a database with rows', () => {
  it('adds the session columns as null, keeping old attempts readable as one session', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'sessions.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0005_review_and_certificate_links') });
    fillVersion4(old);
    const before = everyRow(old);
    old.$client.close();

    // Up to 0009 only: 0014 moves the impressions out of the row (tested below).
    const mid = openDatabase(file, { migrationsFolder: migrationsUpTo('0009_attempt_sessions') });
    const attempts = everyRow(mid).drill_attempts as Array<Record<string, unknown>>;
    mid.$client.close();
    const db = openDatabase(file);
    expect(attempts).toEqual(
      (before.drill_attempts as Array<Record<string, unknown>>).map((r) => ({
        ...r,
        dot_sessions: null,
        session: null,
      })),
    );
    const row = getAttempt(db, 1)!;
    expect(row.dots).toHaveLength(2);
    expect(row.dotSessions).toBeNull();
    expect(row.session).toBeNull();
    db.$client.close();
  });
});

describe('migration 0014 (impressions out of the attempt rows, academy summaries) on a database with rows', () => {
  it('moves every impression and session of every attempt into attempt_dots, and summarises every trainee', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'dots.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0009_attempt_sessions') });
    fillVersion4(old);
    // Coordinates to 1 µm, as the drill page sends them.
    const big: StoredDot[] = Array.from({ length: 5_000 }, (_, i) => [
      Math.round(((i * 7.919) % 60) * 1000) / 1000,
      Math.round(((i * 3.137) % 40) * 1000) / 1000,
      i * 650,
      0.25 + (i % 3) * 0.05,
    ]);
    const bigSessions = big.map((_, i) => 1 + Math.floor((i * 2) / big.length));
    old.$client
      .prepare(
        `insert into drill_attempts (id, user_id, academy_id, template_id, template_version, status, dots, dot_count,
         dot_sessions, session, updated_at) values (2, 3, 1, 'frontal-hairline', 1, 'draft', ?, ?, ?, 2, 5000)`,
      )
      .run(JSON.stringify(big), big.length, JSON.stringify(bigSessions));
    const before = (
      old.$client.prepare('select * from drill_attempts order by id').all() as Array<Record<string, unknown>>
    ).map(({ dots, dot_sessions, ...rest }) => ({
      rest,
      dots: JSON.parse(dots as string),
      sessions: JSON.parse(dot_sessions as string),
    }));
    old.$client.close();

    const db = openDatabase(file);
    const columns = (db.$client.pragma('table_info(drill_attempts)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('dots');
    expect(columns).not.toContain('dot_sessions');
    const after = db.$client.prepare('select * from drill_attempts order by id').all();
    expect(after).toEqual(before.map((b) => b.rest));
    for (const b of before) {
      const row = getAttempt(db, b.rest.id as number)!;
      expect(row.dots).toEqual(b.dots);
      expect(row.dotSessions).toEqual(b.sessions);
    }
    // Saved again, the big canvas is stored in the binary form and reads back the same.
    db.$client
      .prepare('update attempt_dots set data = ? where attempt_id = 2')
      .run(Buffer.from(encodeDots(big, bigSessions)));
    expect(getAttempt(db, 2)!.dots).toEqual(big);
    expect(getAttempt(db, 2)!.dotSessions).toEqual(bigSessions);
    // Every trainee has a summary row, stale until the academy's overview computes it; deleting an attempt takes its dots.
    expect(db.$client.prepare('select academy_id, user_id, recheck_at from trainee_summaries').all()).toEqual([
      { academy_id: 1, user_id: 3, recheck_at: 0 },
    ]);
    db.$client.prepare('delete from drill_attempts where id = 2').run();
    expect(db.$client.prepare('select count(*) from attempt_dots where attempt_id = 2').pluck().get()).toBe(0);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    db.$client.close();
  });
});

describe('the summary and grading-queue triggers', () => {
  it('are all in place on a freshly migrated database (a later migration that rebuilds one of their tables must recreate them)', () => {
    const db = openDatabase(path.join(tempDir('stipple-migrate-'), 'triggers.db'));
    const triggers = db.$client
      .prepare(`select tbl_name || ':' || name from sqlite_master where type = 'trigger' order by 1`)
      .pluck()
      .all() as string[];
    const tables = [...new Set(triggers.map((t) => t.split(':')[0]))].sort();
    expect(tables).toEqual([
      'certificates',
      'check_attempts',
      'claims',
      'compliance_records',
      'drill_attempts',
      'lesson_progress',
      'memberships',
      'programs',
      'reviews',
      'users',
    ]);
    expect(triggers.filter((t) => t.includes(':trainee_summaries_'))).toHaveLength(25);
    // The grading queue's counters (migration 0017): four on drill_attempts, three on claims.
    expect(triggers.filter((t) => t.includes(':grading_counts_'))).toEqual([
      'claims:grading_counts_claim_delete',
      'claims:grading_counts_claim_insert',
      'claims:grading_counts_claim_update',
      'drill_attempts:grading_counts_attempt_before_delete',
      'drill_attempts:grading_counts_attempt_delete',
      'drill_attempts:grading_counts_attempt_insert',
      'drill_attempts:grading_counts_attempt_update',
    ]);
    expect(triggers).toHaveLength(25 + 7);
    db.$client.close();
  });
});
