/**
 * Which of the committed migrations a database holds. Drizzle's migrator records each applied
 * migration in `__drizzle_migrations` with the `when` of its journal entry as `created_at`, and
 * applies every migration newer than the latest recorded one; that `created_at` is the
 * schema version. Used by the health check (are migrations current?) and by restore (is this
 * copy from a version of Stipple this code knows?).
 */
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from './client.ts';

/** Where a database stands against the committed migrations. */
export interface MigrationStatus {
  /** How many migrations the code ships. */
  known: number;
  /** How many migrations the database records as applied. */
  applied: number;
  /** Known migrations newer than the database's latest: applied at the next start. */
  pending: number;
  /** Applied migrations this code does not ship (a newer or foreign Stipple made the database). */
  unknown: number;
  /** True when every known migration is applied and nothing unknown is. */
  current: boolean;
}

const knownByFolder = new Map<string, number[]>();

/** The `when` of every committed migration in `folder`, oldest first (read once per process). */
export function knownMigrationVersions(folder: string = migrationsFolder()): number[] {
  let known = knownByFolder.get(folder);
  if (!known) {
    known = readMigrationFiles({ migrationsFolder: folder }).map((m) => m.folderMillis);
    knownByFolder.set(folder, known);
  }
  return known;
}

/**
 * Compares the migrations recorded in `sqlite` with those in `folder` (default the committed
 * ones). A database without Drizzle's table counts as having none applied.
 */
export function migrationStatus(sqlite: Database.Database, folder: string = migrationsFolder()): MigrationStatus {
  const known = knownMigrationVersions(folder);
  const hasTable = sqlite
    .prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`)
    .pluck()
    .get();
  const applied = hasTable
    ? (sqlite.prepare('select created_at from __drizzle_migrations').pluck().all() as (number | string)[]).map(Number)
    : [];
  const latest = applied.length ? Math.max(...applied) : -Infinity;
  const unknown = applied.filter((v) => !known.includes(v)).length;
  const pending = known.filter((v) => v > latest).length;
  return { known: known.length, applied: applied.length, pending, unknown, current: unknown === 0 && pending === 0 };
}
