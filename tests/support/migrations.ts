/** Copies of the committed migrations cut off at one tag, for testing a migration on older data. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { migrationsFolder } from '../../db/client.ts';
import { tempDir } from './temp.ts';

/** A copy of the committed migrations up to and including `lastTag`. */
export function migrationsUpTo(lastTag: string): string {
  const from = migrationsFolder();
  const to = path.join(tempDir('stipple-migrate-'), 'migrations');
  fs.mkdirSync(path.join(to, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(from, 'meta/_journal.json'), 'utf8'));
  const last = journal.entries.findIndex((e: { tag: string }) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(path.join(to, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(from, `${e.tag}.sql`), path.join(to, `${e.tag}.sql`));
  return to;
}
