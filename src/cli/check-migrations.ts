/**
 * `npm run db:check`: fails (exit 1) when `db/schema.ts` and the committed migrations in
 * `db/migrations/` are out of sync, that is when `npm run db:generate` would write a new migration.
 * `drizzle-kit check` (run first) only checks the migration files against each other, and
 * drizzle-kit exits 0 even on its own errors, so this runs `drizzle-kit generate` into a scratch
 * copy of the migrations and passes only on its "No schema changes" with no file added.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const migrations = path.join(root, 'db/migrations');
const scratch = mkdtempSync(path.join(tmpdir(), 'stipple-migrations-'));
const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort().join('\n');

try {
  cpSync(migrations, scratch, { recursive: true });
  const generate = spawnSync(
    path.join(root, 'node_modules/.bin/drizzle-kit'),
    // drizzle-kit puts './' before `--out`, so it has to be relative to the working directory.
    ['generate', '--dialect', 'sqlite', '--schema', './db/schema.ts', '--out', path.relative(root, scratch)],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  );
  const inSync =
    generate.status === 0 && /No schema changes/.test(generate.stdout) && files(scratch) === files(migrations);
  if (inSync) {
    console.log('db/schema.ts and db/migrations are in sync.');
  } else {
    console.error(`${generate.stdout ?? ''}${generate.stderr ?? ''}${generate.error ? String(generate.error) : ''}`);
    console.error(
      'db/schema.ts and db/migrations are out of sync: run `npm run db:generate` and commit the new migration.',
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
