/**
 * The running academy's database: opened once per process, migrated, and seeded with the
 * demo academy when it is empty (unless `STIPPLE_SEED=none`; `STIPPLE_SEED=basic` leaves
 * out the sample trainees and their work).
 */
import { databasePath, openDatabase, type Db } from '../../db/client.ts';
import { ensureAcademyKeys } from './academies.ts';
import { count } from 'drizzle-orm';
import { users } from '../../db/schema.ts';

/**
 * The process's one database handle. It lives on `globalThis` because this module is loaded
 * twice in a running server: by `src/cli/serve.ts` (which opens the database before listening
 * and closes it at shutdown) and inside the built bundle (`dist/server`), which would otherwise
 * open a second connection that nothing closes.
 */
const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for('stipple.db')] ??= {}) as {
  ready?: Promise<Db>;
  /** The same handle once it is open, for code that cannot wait (the rate limiters). */
  opened?: Db;
};

/** Opens, migrates and (on first start) seeds the database at `STIPPLE_DB`. */
export function getDb(): Promise<Db> {
  shared.ready ??= prepareDatabase(databasePath()).then((db) => (shared.opened = db));
  return shared.ready;
}

/** The process's database handle if `getDb` has opened it, else undefined (it never opens one). */
export function openedDb(): Db | undefined {
  return shared.opened?.$client.open ? shared.opened : undefined;
}

/**
 * Closes the process's database handle, if one was opened: SQLite checkpoints the WAL into the
 * database file and, as the last connection, removes the -wal and -shm files. Later `getDb`
 * calls would open it again.
 */
export async function closeDb(): Promise<void> {
  const ready = shared.ready;
  shared.ready = undefined;
  shared.opened = undefined;
  if (!ready) return;
  const db = await ready.catch(() => null);
  if (db?.$client.open) db.$client.close();
}

/**
 * Opens `file` (migrating it), completes what migrations leave to code (P-256 keys of academies
 * created before migration 0008), and seeds the demo academy when it is empty, as `STIPPLE_SEED`
 * says; `log` receives the lines that tell the operator what was seeded and the demo password.
 */
export async function prepareDatabase(file: string, log: (line: string) => void = console.log): Promise<Db> {
  const db = openDatabase(file);
  // Follow-up of migration 0008: academies created before it get their P-256 key (generated in code).
  ensureAcademyKeys(db);
  if (process.env.STIPPLE_SEED !== 'none' && db.select({ n: count() }).from(users).get()!.n === 0) {
    // The seed (and all it brings: password hashing, certificates, sample work) is loaded only
    // for an empty database, so a running academy's processes never hold it.
    const { generateDemoPassword, seedDemoAcademy, DEMO_USERS, SAMPLE_TRAINEES } = await import('./demo/seed.ts');
    const fromEnv = process.env.STIPPLE_DEMO_PASSWORD;
    const password = fromEnv || generateDemoPassword();
    // STIPPLE_SEED=basic: the academy and its three users only (what the tests start from).
    const certificates = await seedDemoAcademy(db, password, process.env.STIPPLE_SEED !== 'basic');
    log(`Seeded the demo academy: ${DEMO_USERS.map((u) => u.email).join(', ')}`);
    if (process.env.STIPPLE_SEED !== 'basic')
      log(
        `Sample trainees: ${Object.values(SAMPLE_TRAINEES)
          .map((u) => `${u.displayName} <${u.email}>`)
          .join(', ')} (same password).`,
      );
    if (certificates?.ok) {
      log(`Demo certificate, valid: ${certificates.value.valid}`);
      log(`Demo certificate, revoked: ${certificates.value.revoked}`);
    } else if (certificates) log(`Demo certificates not issued: ${certificates.error.message}`);
    log(fromEnv ? 'Demo password: the value of STIPPLE_DEMO_PASSWORD.' : `Demo password (shown once): ${password}`);
  }
  return db;
}
