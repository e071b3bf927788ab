/**
 * The health check behind `GET /healthz` and the start-up check: can the database be read and
 * written right now, and does it hold exactly the migrations this code ships?
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { migrationStatus } from '../../db/migration-status.ts';
import { storageFault, type StorageFaultKind } from './storage-faults.ts';

/** What each kind of storage fault means, in an operator's words. */
const OPERATOR_REASONS: Record<StorageFaultKind, string> = {
  full: 'The disk holding the database is full.',
  readonly: 'The database file is read-only.',
  busy: 'The database stayed locked past the busy timeout.',
  io: 'The database could not be read or written (an I/O error).',
};

/** The health check's answer; `reason` says in plain words what is wrong when `ok` is false. */
export type Health =
  | { ok: true; database: 'readable and writable'; migrations: number; ms: number }
  | { ok: false; reason: string; ms: number };

/**
 * Writes to the database and commits, without changing anything: sets the header's
 * `user_version` (which Stipple does not use) to the value it already holds. SQLite still
 * writes and commits the page, so a full disk, a read-only file or a lock held past the busy
 * timeout fails here as it would for a real write.
 */
export function probeWrite(sqlite: Database.Database): void {
  const version = Number(sqlite.pragma('user_version', { simple: true }));
  sqlite.pragma(`user_version = ${Math.trunc(version)}`);
}

/**
 * Checks, in order: a read of the schema and of Drizzle's migrations table, that the applied
 * migrations are exactly the committed ones, and a committed write (`probeWrite`).
 * Storage faults become their plain message; any other error its own message.
 */
export function checkHealth(sqlite: Database.Database): Health {
  const start = performance.now();
  const ms = () => Math.round((performance.now() - start) * 10) / 10;
  try {
    const status = migrationStatus(sqlite);
    if (status.unknown > 0)
      return {
        ok: false,
        reason: `The database holds ${status.unknown} migration(s) this version of Stipple does not know.`,
        ms: ms(),
      };
    if (status.pending > 0)
      return { ok: false, reason: `${status.pending} migration(s) have not been applied to the database.`, ms: ms() };
    probeWrite(sqlite);
    return { ok: true, database: 'readable and writable', migrations: status.applied, ms: ms() };
  } catch (error) {
    return { ok: false, reason: storageFaultReason(error), ms: ms() };
  }
}

/** One plain line saying why the database failed, for operators (health check, start-up). */
export function storageFaultReason(error: unknown): string {
  const fault = storageFault(error);
  if (fault) return `${OPERATOR_REASONS[fault.kind]} (${fault.code}: ${fault.detail})`;
  return `The database check failed: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' ');
}

/**
 * Why this process cannot write the database file `file` or its folder (where SQLite keeps the
 * -wal and -shm files), or null when both are writable or do not exist yet. Checked at start-up,
 * before SQLite would quietly open a write-protected file read-only.
 */
export function fileWriteProblem(file: string): string | null {
  const problem = (target: string) => {
    try {
      fs.accessSync(target, fs.constants.W_OK);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? null : (code ?? 'not writable');
    }
  };
  const onFile = problem(file);
  if (onFile) return `The database file is not writable by this process (${onFile}).`;
  const dir = path.dirname(file);
  const onDir = problem(dir);
  if (onDir)
    return `The folder ${dir} is not writable by this process (${onDir}); SQLite keeps its -wal and -shm files there.`;
  return null;
}
