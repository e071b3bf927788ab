/**
 * Prepared statements reused on the hot paths (session, memberships, learner state): Drizzle
 * builds and SQLite prepares a query object once per database handle, instead of on every
 * request — on a lesson page, preparing cost far more CPU than running the SQL.
 */
import { sql, type SQL } from 'drizzle-orm';

const caches = new WeakMap<object, Map<string, unknown>>();

/** The query `build` makes for `db`, built on first use and kept for the handle's lifetime under `key`. */
export function preparedOnce<T>(db: object, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let q = cache.get(key) as T | undefined;
  if (q === undefined) cache.set(key, (q = build()));
  return q;
}

/**
 * A named placeholder for `preparedOnce` queries, written `+?`. The SQLite that better-sqlite3
 * ships is built with STAT4: compared with an indexed column, a bare `?` makes the planner look
 * at the bound value, and every new binding then expires the statement, so SQLite plans it again
 * on each run (a join went from ~15 µs to ~100 µs). The unary plus hides the value from the
 * planner — the index is used all the same — and the prepared plan is kept. Fixed values in such
 * queries are written as SQL literals (sql`1`) rather than bound, for the same reason.
 */
export function bound(name: string): SQL {
  return sql`+${sql.placeholder(name)}`;
}
