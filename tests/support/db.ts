/** A fresh database migrated with the real migrations, in a temporary folder removed after the test file. */
import path from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';
import { closeAfterFile, tempDir } from './temp.ts';

/** A database file path in a new temporary folder (removed after the test file); the file does not exist yet. */
export function tempDbPath(): string {
  return path.join(tempDir('stipple-test-'), 'test.db');
}

/** A new migrated database in a temporary folder; closed and removed after the test file. */
export function freshDb(): Db {
  const db = openDatabase(tempDbPath());
  closeAfterFile(() => db.$client.close());
  return db;
}
