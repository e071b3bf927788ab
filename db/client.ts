/**
 * Opens Stipple's SQLite database with the settings every connection needs and applies the
 * committed migrations. Used by the server, the seed, the CLI tools and the tests alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

/** The database handle services take: Drizzle with the schema, and the better-sqlite3 connection as `$client`. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where the migrations live; resolved from the working directory (the repository root). */
export function migrationsFolder(): string {
  return path.resolve(process.env.STIPPLE_MIGRATIONS ?? 'db/migrations');
}

/**
 * Opens (creating if needed) the database at `file` — a path or `:memory:` — with WAL,
 * foreign keys and a busy timeout, then migrates it to the latest schema (from
 * `opts.migrationsFolder`, default `migrationsFolder()`).
 */
export function openDatabase(file: string, opts: { migrationsFolder?: string } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle({ client: sqlite, schema }) as Db;
  // Transactions take the write lock when they begin (BEGIN IMMEDIATE), not at their first write:
  // with several server processes (STIPPLE_WORKERS), a deferred transaction that read first and
  // then writes fails at once with SQLITE_BUSY when another process wrote in between, whereas
  // an immediate one waits its turn under busy_timeout.
  const deferred = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) =>
    deferred(fn, { behavior: 'immediate', ...config })) as Db['transaction'];
  // Foreign keys are enforced on every connection, but not while migrating: SQLite changes
  // a table's constraints only by rebuilding it (copy, drop the old table, rename), and
  // with enforcement on, dropping the old table would cascade into the tables that refer
  // to it. The pragma is a no-op inside a transaction, and the migrator runs in one, so it
  // is switched here; a migration that rebuilds tables checks its links before committing
  // (see db/migrations/0005_review_and_certificate_links.sql).
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: opts.migrationsFolder ?? migrationsFolder() });
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return db;
}

/** The database file the running academy uses: `STIPPLE_DB`, else `./data/stipple.db`. */
export function databasePath(): string {
  return process.env.STIPPLE_DB ?? './data/stipple.db';
}

/** A transaction handle, as passed to the callback of `db.transaction`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;
