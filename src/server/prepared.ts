/**
 * Prepared statements reused on the hot paths (session, memberships, learner state): Drizzle
 * builds and SQLite prepares a query object once per database handle, instead of on every
 * request — on a lesson page, preparing cost far more CPU than running the SQL.
 *
 * The kept query's `get` / `all` also skip Drizzle's generic row mapping, which asks of every
 * field of every row what kind of field it is (a lesson page's few dozen rows cost more in that
 * mapping than in SQLite): what each field is, and how each parameter is filled, is worked out
 * once, when the query is kept; the rows come out the same.
 */
import { Column, is, Param, Placeholder, SQL, sql } from 'drizzle-orm';

const caches = new WeakMap<object, Map<string, unknown>>();

/** The query `build` makes for `db`, built on first use and kept for the handle's lifetime under `key`. */
export function preparedOnce<T>(db: object, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let q = cache.get(key) as T | undefined;
  if (q === undefined) cache.set(key, (q = withDirectRows(build())));
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

/** What Drizzle's better-sqlite3 prepared query holds (not part of its typed surface). */
interface DrizzlePrepared {
  stmt?: { raw(on?: boolean): { get(...p: unknown[]): unknown[] | undefined; all(...p: unknown[]): unknown[][] } };
  query?: { sql: string; params: unknown[] };
  fields?: Array<{ path: string[]; field: unknown }>;
  customResultMapper?: unknown;
  logger?: { logQuery?: unknown; constructor: { name: string } };
  get?: unknown;
  all?: unknown;
}

type Decode = ((value: unknown) => unknown) | null;
type Decoder = { mapFromDriverValue(value: unknown): unknown };

/**
 * Gives a Drizzle select (flat fields, no custom mapper, no query logger) `get` and `all` that
 * read raw rows and map them with decoders chosen once; anything else is kept as it is. (Drizzle
 * turns a joined table's nested object into null when a left join found nothing: flat fields
 * have no such objects, so they map the same.)
 */
function withDirectRows<T>(query: T): T {
  const q = query as DrizzlePrepared;
  const fields = q.fields;
  const stmt = q.stmt;
  if (
    !stmt ||
    !q.query ||
    !fields ||
    q.customResultMapper ||
    q.logger?.constructor.name !== 'NoopLogger' ||
    typeof q.get !== 'function' ||
    typeof q.all !== 'function' ||
    fields.some((f) => f.path.length !== 1)
  )
    return query;
  const names = fields.map((f) => f.path[0]!);
  const decoders: Decode[] = fields.map(({ field }) => {
    const decoder: Decoder | undefined = is(field, Column)
      ? field
      : is(field, SQL)
        ? (field as unknown as { decoder: Decoder }).decoder
        : (field as { sql?: { decoder?: Decoder } }).sql?.decoder;
    if (!decoder) return null;
    // Drizzle's plain SQL decoder passes values through: no call needed.
    const map = decoder.mapFromDriverValue;
    return map === noopDecoderMap ? null : (value) => map.call(decoder, value);
  });
  type Fill = { name: string; encode: ((v: unknown) => unknown) | null } | { name: null; value: unknown };
  const params = q.query.params.map((p): Fill => {
    if (is(p, Placeholder)) return { name: p.name, encode: null };
    if (is(p, Param) && is(p.value, Placeholder))
      return { name: p.value.name, encode: (v: unknown) => p.encoder.mapToDriverValue(v) };
    return { name: null, value: p };
  });
  const fill = (values: Record<string, unknown> = {}): unknown[] =>
    params.map((p) => {
      if (p.name === null) return p.value;
      if (!(p.name in values)) throw new Error(`No value for placeholder "${p.name}" was provided`);
      return p.encode ? p.encode(values[p.name]) : values[p.name];
    });
  const toObject = (row: unknown[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const raw = row[i];
      const decode = decoders[i];
      out[names[i]!] = raw === null || !decode ? raw : decode(raw);
    }
    return out;
  };
  const direct = Object.create(query as object) as DrizzlePrepared & {
    get(values?: Record<string, unknown>): unknown;
    all(values?: Record<string, unknown>): unknown[];
  };
  direct.get = (values?: Record<string, unknown>) => {
    const row = stmt.raw(true).get(...fill(values));
    return row ? toObject(row) : undefined;
  };
  direct.all = (values?: Record<string, unknown>) =>
    stmt
      .raw(true)
      .all(...fill(values))
      .map(toObject);
  return direct as T;
}

/** The decoder of a plain `sql` field (`noopDecoder` in Drizzle): the value as the driver gave it. */
const noopDecoderMap = (sql`1` as unknown as { decoder: Decoder }).decoder.mapFromDriverValue;
