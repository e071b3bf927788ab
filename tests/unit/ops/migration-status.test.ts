/** Where a database stands against the committed migrations. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { knownMigrationVersions, migrationStatus } from '../../../db/migration-status.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('stipple-mstatus-');

describe('migrationStatus', () => {
  const known = knownMigrationVersions();
  it('finds a freshly migrated database current', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    expect(migrationStatus(db.$client)).toEqual({
      known: known.length,
      applied: known.length,
      pending: 0,
      unknown: 0,
      current: true,
    });
    db.$client.close();
  });
  it('counts pending and unknown migrations', () => {
    const db = openDatabase(path.join(dir, 'b.db')).$client;
    db.prepare('delete from __drizzle_migrations where created_at = ?').run(known.at(-1));
    expect(migrationStatus(db)).toMatchObject({ pending: 1, unknown: 0, current: false });
    db.prepare(`insert into __drizzle_migrations (hash, created_at) values ('h', ?)`).run(known.at(-1)! + 1);
    expect(migrationStatus(db)).toMatchObject({ pending: 0, unknown: 1, current: false });
    db.close();
  });
  it('finds no migrations in a database that is not Stipple’s', () => {
    const db = new Database(path.join(dir, 'c.db'));
    db.exec('create table other (a)');
    expect(migrationStatus(db)).toMatchObject({ applied: 0, pending: known.length, current: false });
    db.close();
  });
});
