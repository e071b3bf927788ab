/**
 * Migration 0006 adds the automatic verdict, total and score version to `reviews` without
 * rebuilding the table, and fills them for existing reviews from their attempt's stored
 * score: the attempt's own columns, else the score JSON; unknown stays NULL.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { migrationsUpTo } from '../support/migrations.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Rows as migration 0005 stores them. Attempts: 1 with its score columns, 2 with only the
 * score JSON (columns empty), 3 with no score at all, 4 with an unreadable score.
 */
function fillVersion5(db: Db) {
  const run = (sql: string) => db.$client.prepare(sql).run();
  run(`insert into users (id, email, display_name, password_hash) values
       (1, 'sam@a.test', 'Sam Instructor', 'x'), (2, 'tia@a.test', 'Tia Trainee', 'x')`);
  run(`insert into academies (id, slug, name, join_code, public_key_jwk, private_key_jwk)
       values (1, 'a', 'Academy A', 'A-CODE', '{"kty":"OKP"}', '{"kty":"OKP","d":"x"}')`);
  run(`insert into drill_attempts (id, user_id, academy_id, template_id, template_version, status, dots, dot_count,
       score, score_version, total, pass, updated_at, submitted_at) values
       (1, 2, 1, 'crown-whorl', 1, 'graded', '[]', 0, '{"total":80,"pass":true,"scoreVersion":1}', 1, 80, 1, 1000, 1000),
       (2, 2, 1, 'crown-whorl', 1, 'graded', '[]', 0, '{"total":41.6,"pass":false,"scoreVersion":1}', null, null, null, 1000, 1000),
       (3, 2, 1, 'scar-patch', 1, 'graded', '[]', 0, null, null, null, null, 1000, 1000),
       (4, 2, 1, 'scar-patch', 1, 'graded', '[]', 0, 'not json', null, null, null, 1000, 1000)`);
  run(`insert into reviews (id, attempt_id, instructor_id, verdict, levels, rubric, comment, supersedes, created_at) values
       (1, 1, 1, 'redo', '{}', '[]', 'First look.', null, 2000),
       (2, 1, 1, 'pass', '{}', '[]', 'Corrected.', 1, 3000),
       (3, 2, 1, 'pass', '{}', '[]', '', null, 2000),
       (4, 3, 1, 'redo', '{}', '[]', 'Again.', null, 2000),
       (5, 4, 1, 'pass', '{}', '[]', '', null, 2000)`);
  run(
    `insert into annotations (review_id, kind, x, y, radius, criterion, text) values (2, 'pin', 1, 2, 0, null, 'here')`,
  );
}

describe('migration 0006 on a database with reviews', () => {
  it('adds the columns in place and backfills them from each attempt’s stored score', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'old.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0005_review_and_certificate_links') });
    fillVersion5(old);
    const before = old.$client.prepare('select * from reviews order by id').all();
    const annotationsBefore = old.$client.prepare('select * from annotations').all();
    const rootpage = () => `select rootpage from sqlite_master where type = 'table' and name = 'reviews'`;
    const pageBefore = old.$client.prepare(rootpage()).pluck().get();
    old.$client.close();

    const db = openDatabase(file);
    // Not rebuilt: the same b-tree (a rebuilt table gets a new root page), three new columns.
    expect(db.$client.prepare(rootpage()).pluck().get()).toBe(pageBefore);
    const columns = (db.$client.pragma('table_info(reviews)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns.slice(-3)).toEqual(['auto_pass', 'auto_total', 'auto_score_version']);
    const after = db.$client.prepare('select * from reviews order by id').all() as Array<Record<string, unknown>>;
    // Every old column kept its value.
    expect(after.map(({ auto_pass: _p, auto_total: _t, auto_score_version: _v, ...rest }) => rest)).toEqual(before);
    expect(after.map((r) => [r.id, r.auto_pass, r.auto_total, r.auto_score_version])).toEqual([
      [1, 1, 80, 1],
      [2, 1, 80, 1],
      [3, 0, 42, 1],
      [4, null, null, null],
      [5, null, null, null],
    ]);
    expect(db.$client.prepare('select * from annotations').all()).toEqual(annotationsBefore);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });
});
