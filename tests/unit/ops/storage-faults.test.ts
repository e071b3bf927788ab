/**
 * Which errors are storage faults (answered 503) and which are not, on the codes SQLite reports
 * and on real errors from better-sqlite3, bare and wrapped by Drizzle.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STORAGE_FAULT_MESSAGES, storageFault, storageFaultResponse } from '../../../src/server/storage-faults.ts';
import { storageFaultReason } from '../../../src/server/health.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('stipple-faults-');
const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('storageFault', () => {
  it.each([
    ['SQLITE_FULL', 'full'],
    ['SQLITE_READONLY', 'readonly'],
    ['SQLITE_READONLY_DBMOVED', 'readonly'],
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['SQLITE_LOCKED', 'busy'],
    ['SQLITE_IOERR', 'io'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['SQLITE_CANTOPEN', 'io'],
  ])('%s is a storage fault of kind %s', (code, kind) => {
    expect(storageFault(coded(code, 'database or disk is full'))).toEqual({
      kind,
      code,
      message: STORAGE_FAULT_MESSAGES[kind as keyof typeof STORAGE_FAULT_MESSAGES],
      detail: 'database or disk is full',
    });
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_FULLX', 'ENOENT'])('%s is not', (code) => {
    expect(storageFault(coded(code))).toBeNull();
  });

  it('is null for errors without a code and for non-errors, and survives a cause cycle', () => {
    expect(storageFault(new Error('boom'))).toBeNull();
    expect(storageFault(undefined)).toBeNull();
    expect(storageFault('SQLITE_FULL')).toBeNull();
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(storageFault(a)).toBeNull();
  });

  it('recognises a real read-only error from better-sqlite3, bare and wrapped by Drizzle', () => {
    const file = path.join(dir, 'ro.db');
    const writer = new Database(file);
    writer.exec('create table t (a)');
    writer.close();
    const ro = new Database(file, { readonly: true });
    let bare: unknown;
    try {
      ro.exec('insert into t values (1)');
    } catch (e) {
      bare = e;
    }
    expect(storageFault(bare)?.kind).toBe('readonly');
    let wrapped: unknown;
    try {
      drizzle({ client: ro }).run('insert into t values (1)');
    } catch (e) {
      wrapped = e;
    }
    expect((wrapped as Error).constructor.name).not.toBe('SqliteError');
    expect(storageFault(wrapped)).toMatchObject({ kind: 'readonly', code: 'SQLITE_READONLY' });
    expect(storageFaultReason(wrapped)).toMatch(/^The database file is read-only\. \(SQLITE_READONLY: /);
    ro.close();
  });

  it('recognises a real busy error: a write lock held by another connection past the timeout', () => {
    const file = path.join(dir, 'busy.db');
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('create table t (a)');
    holder.exec('BEGIN IMMEDIATE');
    const other = new Database(file);
    other.pragma('busy_timeout = 50');
    expect(() => other.exec('insert into t values (1)')).toThrow();
    try {
      other.exec('insert into t values (1)');
    } catch (e) {
      expect(storageFault(e)?.kind).toBe('busy');
    }
    holder.exec('ROLLBACK');
    other.close();
    holder.close();
  });
});

describe('storageFaultResponse', () => {
  const fault = storageFault(coded('SQLITE_FULL'))!;
  it('answers 503 in plain text for pages, not cached', async () => {
    const res = storageFaultResponse(
      fault,
      new Request('http://x/learn', { headers: { accept: 'text/html' } }),
      '/learn',
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.text()).toBe(STORAGE_FAULT_MESSAGES.full);
  });
  it('answers {"error"} JSON for the API and for clients asking for JSON', async () => {
    for (const [url, accept] of [
      ['/api/drill/x/draft', '*/*'],
      ['/learn', 'application/json'],
    ] as const) {
      const res = storageFaultResponse(fault, new Request(`http://x${url}`, { headers: { accept } }), url);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: STORAGE_FAULT_MESSAGES.full });
    }
  });
});
