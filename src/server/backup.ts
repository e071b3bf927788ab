/**
 * Backup and restore of the academy's SQLite database (`npm run -s backup|restore -- <file>`).
 *
 * Backup uses SQLite's online backup API in a single step, which reads one consistent snapshot
 * while the server goes on writing (WAL readers do not block writers). The copy is written to a
 * temporary file beside the target, switched out of WAL mode (one self-contained file), checked
 * with `PRAGMA integrity_check`, fsynced and only then renamed into place.
 *
 * Restore never touches the live database until the copy has passed every check: it copies the
 * file to a temporary file beside the live one, checks integrity and the migrations it records,
 * fsyncs it, takes SQLite's exclusive lock on the live database (which fails while any server
 * has it open, since every WAL connection holds a shared lock for as long as it is open),
 * empties the live WAL, renames the copy over the live file and removes the stale -wal/-shm.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrationStatus } from '../../db/migration-status.ts';

/** A refusal or failure whose message is one plain line meant for the operator. */
export class MaintenanceError extends Error {}

/** What a finished backup wrote. */
export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** What a finished restore put in place. */
export interface RestoreResult {
  file: string;
  bytes: number;
  /** Migrations the restored copy records. */
  migrations: number;
  /** Newer migrations this code ships: the next start applies them. */
  pending: number;
}

/** The sidecar files SQLite keeps beside a database. */
const SIDECARS = ['-wal', '-shm', '-journal'];

function removeWithSidecars(file: string): void {
  for (const suffix of ['', ...SIDECARS]) fs.rmSync(file + suffix, { force: true });
}

/** Flushes a file, or a directory's entries, to disk. */
function fsyncPath(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** `PRAGMA integrity_check` on an open database: null when it says ok, else its first complaint. */
function integrityProblem(db: Database.Database): string | null {
  const rows = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  const first = rows[0]?.integrity_check;
  return rows.length === 1 && first === 'ok' ? null : (first ?? 'no answer');
}

/** A tidy one-line description of an error for the operator. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

/**
 * Writes a consistent copy of the database `liveFile` to `targetFile` (replacing a file there
 * only once the copy is complete and checked). Safe while a server is serving and writing.
 */
export async function backupDatabase(liveFile: string, targetFile: string): Promise<BackupResult> {
  const start = performance.now();
  const live = path.resolve(liveFile);
  const target = path.resolve(targetFile);
  if (target === live) throw new MaintenanceError('The backup file cannot be the live database itself.');
  if (!fs.existsSync(live)) throw new MaintenanceError(`There is no database at ${live}.`);
  if (!fs.existsSync(path.dirname(target)))
    throw new MaintenanceError(`The folder ${path.dirname(target)} does not exist.`);
  if (fs.existsSync(target) && !fs.statSync(target).isFile())
    throw new MaintenanceError(`${target} exists and is not a file.`);

  const temp = `${target}.tmp-${process.pid}`;
  removeWithSidecars(temp);
  try {
    const source = new Database(live, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // After the first (empty) step, copy every remaining page in one step: one read
      // transaction, so one snapshot, and never restarted by the server's writes.
      await source.backup(temp, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copy = new Database(temp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const problem = integrityProblem(copy);
      if (problem) throw new MaintenanceError(`The copy failed its integrity check (${problem}); nothing was written.`);
    } finally {
      copy.close();
    }
    fsyncPath(temp);
    fs.renameSync(temp, target);
    fsyncPath(path.dirname(target));
  } catch (error) {
    removeWithSidecars(temp);
    if (error instanceof MaintenanceError) throw error;
    throw new MaintenanceError(`Could not back up ${live} to ${target}: ${oneLine(error)}`);
  }
  return { file: target, bytes: fs.statSync(target).size, ms: Math.round(performance.now() - start) };
}

/** Checks the copy at `file` (a private temporary file): integrity and known migrations. */
function checkCopy(file: string, shownAs: string): { migrations: number; pending: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw new MaintenanceError(`Could not open ${shownAs}: ${oneLine(error)}`);
  }
  try {
    let problem: string | null;
    try {
      problem = integrityProblem(db);
    } catch (error) {
      throw new MaintenanceError(`${shownAs} is not a readable SQLite database (${oneLine(error)}).`);
    }
    if (problem) throw new MaintenanceError(`${shownAs} failed its integrity check (${problem}).`);
    const status = migrationStatus(db);
    if (status.applied === 0) throw new MaintenanceError(`${shownAs} is not a Stipple database (no migrations).`);
    if (status.unknown > 0)
      throw new MaintenanceError(
        `${shownAs} records ${status.unknown} migration(s) this version of Stipple does not know (made by a newer version?).`,
      );
    db.pragma('journal_mode = DELETE');
    return { migrations: status.applied, pending: status.pending };
  } finally {
    db.close();
  }
}

/**
 * Takes SQLite's exclusive lock on the live database and empties its WAL, or refuses when
 * another process (a running server) has it open. Returns the locked connection, or null when
 * there is no live database yet.
 */
function lockLive(live: string): Database.Database | null {
  if (!fs.existsSync(live)) return null;
  const db = new Database(live, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 250');
    // Set before the first access, so SQLite keeps the WAL index in private memory and needs
    // the database file's exclusive lock, which a shared lock held by any other connection blocks.
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
        throw new MaintenanceError(
          `${live} is in use by another process (is the server running?); stop the server, then restore.`,
        );
      throw error;
    }
    // The WAL belongs to the database being replaced: checkpoint and empty it now, so nothing
    // of it can ever be applied to the restored file.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Replaces the database `liveFile` with the backup `copyFile` once the copy has passed its
 * integrity check and records only migrations this code knows; refuses while a server has
 * the live database open. On any failure the live database is left as it was.
 */
export function restoreDatabase(copyFile: string, liveFile: string): RestoreResult {
  const copy = path.resolve(copyFile);
  const live = path.resolve(liveFile);
  if (copy === live) throw new MaintenanceError('The backup file is the live database itself.');
  if (!fs.existsSync(copy) || !fs.statSync(copy).isFile()) throw new MaintenanceError(`There is no file ${copy}.`);
  if (fs.existsSync(`${copy}-wal`) && fs.statSync(`${copy}-wal`).size > 0)
    throw new MaintenanceError(
      `${copy} has a -wal file beside it, so it is an open database rather than a backup; make one with npm run backup.`,
    );
  fs.mkdirSync(path.dirname(live), { recursive: true });

  const temp = `${live}.restore-${process.pid}.tmp`;
  removeWithSidecars(temp);
  let locked: Database.Database | null = null;
  try {
    fs.copyFileSync(copy, temp);
    const checked = checkCopy(temp, copy);
    if (fs.existsSync(live)) {
      const { mode, uid, gid } = fs.statSync(live);
      fs.chmodSync(temp, mode & 0o777);
      if (process.getuid?.() === 0) fs.chownSync(temp, uid, gid);
    }
    fsyncPath(temp);
    locked = lockLive(live);
    fs.renameSync(temp, live);
    fsyncPath(path.dirname(live));
    locked?.close();
    locked = null;
    for (const suffix of SIDECARS) fs.rmSync(live + suffix, { force: true });
    return { file: live, bytes: fs.statSync(live).size, ...checked };
  } catch (error) {
    locked?.close();
    removeWithSidecars(temp);
    if (error instanceof MaintenanceError) throw error;
    throw new MaintenanceError(`Could not restore ${copy}: ${oneLine(error)}`);
  }
}
