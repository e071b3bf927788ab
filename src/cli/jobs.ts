/**
 * `npm run -s jobs`: runs the scheduled jobs once (certificate expiry reminders) against `STIPPLE_DB`, for cron.
 * Safe to run while the server runs and to run twice. Prints one JSON line; a failure → exit 1, one line on stderr.
 */
import { databasePath, openDatabase } from '../../db/client.ts';
import { runJobs } from '../server/jobs.ts';

try {
  const db = openDatabase(databasePath());
  const done = await runJobs(db);
  db.$client.close();
  console.log(JSON.stringify(done));
} catch (error) {
  console.error(`jobs: ${(error as Error).message}`);
  process.exit(1);
}
