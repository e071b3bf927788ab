/**
 * Temporary folders of one test file. Each is removed after the file's tests by
 * `tests/support/cleanup.ts` (a setup file of every suite), after the file's own
 * `afterAll` hooks have stopped the servers and closed the databases using them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dirs = new Set<string>();
const closers: Array<() => void> = [];

/** A new empty folder under the system's temporary folder, removed after this test file. */
export function tempDir(prefix = 'stipple-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** Runs `close` after this test file, before its temporary folders are removed (e.g. closing a database). */
export function closeAfterFile(close: () => void): void {
  closers.push(close);
}

/** Runs the registered closers, then removes every temporary folder made so far; safe to call twice. */
export function removeTempDirs(): void {
  for (const close of closers.splice(0)) {
    try {
      close();
    } catch {
      /* already closed */
    }
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}
