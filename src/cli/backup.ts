/**
 * `npm run -s backup -- <file>`: writes a consistent copy of the live database (`STIPPLE_DB`,
 * default ./data/stipple.db) to <file>, safely while the server is serving. Prints one line on
 * success; on failure one line on stderr and exit 1.
 */
import { databasePath } from '../../db/client.ts';
import { backupDatabase } from '../server/backup.ts';

const args = process.argv.slice(2);
if (args.length !== 1 || !args[0]) {
  console.error('Usage: npm run -s backup -- <file>');
  process.exit(2);
}
try {
  const done = await backupDatabase(databasePath(), args[0]);
  console.log(`Backed up to ${done.file} (${done.bytes} bytes, ${done.ms} ms).`);
} catch (error) {
  console.error(`Backup failed: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}`);
  process.exit(1);
}
