/**
 * The running academy's database: opened once per process, migrated, and seeded with the
 * demo academy when it is empty (unless `STIPPLE_SEED=none`; `STIPPLE_SEED=basic` leaves
 * out the sample trainees and their work).
 */
import { databasePath, openDatabase, type Db } from '../../db/client.ts';
import { generateDemoPassword, isEmptyDatabase, seedDemoAcademy, DEMO_USERS, SAMPLE_TRAINEES } from './demo/seed.ts';

let ready: Promise<Db> | undefined;

/** Opens, migrates and (on first start) seeds the database at `STIPPLE_DB`. */
export function getDb(): Promise<Db> {
  ready ??= prepareDatabase(databasePath());
  return ready;
}

/** Opens and migrates `file`; on an empty database seeds the demo academy (per `STIPPLE_SEED`) and logs the password once. */
export async function prepareDatabase(file: string, log: (line: string) => void = console.log): Promise<Db> {
  const db = openDatabase(file);
  if (process.env.STIPPLE_SEED !== 'none' && isEmptyDatabase(db)) {
    const fromEnv = process.env.STIPPLE_DEMO_PASSWORD;
    const password = fromEnv || generateDemoPassword();
    // STIPPLE_SEED=basic: the academy and its three users only (what the tests start from).
    await seedDemoAcademy(db, password, process.env.STIPPLE_SEED !== 'basic');
    log(`Seeded the demo academy: ${DEMO_USERS.map((u) => u.email).join(', ')}`);
    if (process.env.STIPPLE_SEED !== 'basic')
      log(
        `Sample trainees: ${Object.values(SAMPLE_TRAINEES)
          .map((u) => `${u.displayName} <${u.email}>`)
          .join(', ')} (same password).`,
      );
    log(fromEnv ? 'Demo password: the value of STIPPLE_DEMO_PASSWORD.' : `Demo password (shown once): ${password}`);
  }
  return db;
}
