/**
 * Prepared statements reused on the hot paths (session, memberships, learner state): Drizzle
 * builds and SQLite prepares a query object once per database handle, instead of on every
 * request — on a lesson page, preparing cost far more CPU than running the SQL.
 */
const caches = new WeakMap<object, Map<string, unknown>>();

/** The query `build` makes for `db`, built on first use and kept for the handle's lifetime under `key`. */
export function preparedOnce<T>(db: object, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let q = cache.get(key) as T | undefined;
  if (q === undefined) cache.set(key, (q = build()));
  return q;
}
