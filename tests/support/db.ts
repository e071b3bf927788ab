/** A fresh database migrated with the real migrations, in a temporary file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';

export function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-test-')), 'test.db');
}

export function freshDb(): Db {
  return openDatabase(tempDbPath());
}
