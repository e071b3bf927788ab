/**
 * `npm run -s restore -- <file>`: with the server stopped, checks the backup <file> (integrity,
 * migrations this version knows) and puts it in place of the live database (`STIPPLE_DB`,
 * default ./data/stipple.db). Refuses while a server has the database open. Prints one line on
 * success; on failure one line on stderr, exit 1, and the live database as it was.
 */
import { databasePath } from '../../db/client.ts';
import { restoreDatabase } from '../server/backup.ts';

const args = process.argv.slice(2);
if (args.length !== 1 || !args[0]) {
  console.error('Usage: npm run -s restore -- <file>');
  process.exit(2);
}
try {
  const done = restoreDatabase(args[0], databasePath());
  const pending = done.pending ? `; ${done.pending} newer migration(s) will be applied at the next start` : '';
  console.log(`Restored ${done.file} from ${args[0]} (${done.migrations} migrations${pending}).`);
} catch (error) {
  console.error(`Restore failed: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}`);
  process.exit(1);
}
