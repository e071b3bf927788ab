/**
 * Operating the academy as real processes: the health check, storage faults answered 503,
 * the start-up check, backup while the server writes, restore (good, corrupt, refused while
 * serving), and a graceful stop on SIGTERM / SIGINT with a request in flight.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { knownMigrationVersions } from '../../db/migration-status.ts';
import { DEMO_USERS, seedDemoAcademy } from '../../src/server/demo/seed.ts';
import { STORAGE_FAULT_MESSAGES } from '../../src/server/storage-faults.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, spawnServer, startServer, type RunningServer } from '../support/server.ts';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
async function serve(env: Record<string, string> = {}, opts: Parameters<typeof startServer>[1] = {}) {
  const s = await startServer(env, opts);
  servers.push(s);
  return s;
}

/**
 * Runs `npm run -s <script> -- <args>` with the given database (or, with `direct`, the same
 * `node src/cli/<script>.ts` without npm's start-up time); never throws, reports exit code and output.
 */
async function npmScript(script: 'backup' | 'restore', args: string[], dbPath: string, direct = false) {
  const [command, ...rest] = direct
    ? [process.execPath, `src/cli/${script}.ts`, ...args]
    : ['npm', 'run', '-s', script, '--', ...args];
  try {
    const { stdout, stderr } = await run(command!, rest, { env: { ...process.env, STIPPLE_DB: dbPath } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Rows the tests write as markers: audit entries with action `ops.test` and a sequence number. */
function addMarker(db: Database.Database, seq: number): void {
  db.prepare(`insert into audit_log (action, subject) values ('ops.test', ?)`).run(String(seq));
}
function markers(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`select subject from audit_log where action = 'ops.test'`).pluck().all() as string[])
      .map(Number)
      .sort((a, b) => a - b);
  } finally {
    db.close();
  }
}
function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('GET /healthz', () => {
  it('answers 200 with ok, not cached, without a session, and 503 with a reason when the database cannot be written in time', async () => {
    const server = await serve();
    const ok = await fetch(`${server.baseUrl}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect(await ok.json()).toMatchObject({ ok: true, migrations: knownMigrationVersions().length });

    // Another process holds the write lock past the busy timeout (5 s): the probe's write fails.
    server.db.$client.exec('BEGIN IMMEDIATE');
    try {
      const locked = await fetch(`${server.baseUrl}/healthz`);
      expect(locked.status).toBe(503);
      const body = await locked.json();
      expect(body.ok).toBe(false);
      expect(body.reason).toMatch(/locked past the busy timeout.*SQLITE_BUSY/);

      // The same fault at request time: signing in writes a session, and gets a plain 503, not a 500.
      const login = await new Client(server.baseUrl).login(DEMO_USERS[2]!.email, DEMO_PASSWORD);
      expect(login.status).toBe(503);
      expect(login.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await login.text()).toBe(
        'Stipple is busy and could not reach its database in time. Please try again in a moment.',
      );
    } finally {
      server.db.$client.exec('ROLLBACK');
    }
    expect(await server.outputMatching(/Storage fault on POST \/login: SQLITE_BUSY/)).toMatch(/Storage fault/);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    // Nothing got in the way of signing in once the lock was gone.
    expect((await new Client(server.baseUrl).login(DEMO_USERS[2]!.email, DEMO_PASSWORD)).status).toBe(303);
  });

  it('answers 503 when writes fail with an I/O error (a file size limit), at request time too', async () => {
    // The server runs under a file-size limit (RLIMIT_FSIZE, which Node lets fail as EFBIG):
    // the WAL can grow by 64 KiB past the database's size, then every write fails.
    const dbPath = path.join(tempDir(), 'limited.db');
    const prepared = openDatabase(dbPath);
    await seedDemoAcademy(prepared, DEMO_PASSWORD, false);
    prepared.$client.close();
    const limit = fs.statSync(dbPath).size + 64 * 1024;
    const server = await serve(
      {},
      { dbPath, command: ['prlimit', `--fsize=${limit}`, process.execPath, 'src/cli/serve.ts'] },
    );
    let res = await fetch(`${server.baseUrl}/healthz`);
    for (let i = 0; i < 200 && res.status === 200; i++) res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(503);
    expect((await res.json()).reason).toMatch(
      /^The database could not be read or written \(an I\/O error\)\. \(SQLITE_IOERR/,
    );
    const login = await new Client(server.baseUrl).login(DEMO_USERS[2]!.email, DEMO_PASSWORD);
    expect(login.status).toBe(503);
    expect(await login.text()).toBe(STORAGE_FAULT_MESSAGES.io);
  });

  it('answers 503 while the database records a migration this code does not know', async () => {
    const server = await serve();
    const future = Math.max(...knownMigrationVersions()) + 1000;
    server.db.$client.prepare(`insert into __drizzle_migrations (hash, created_at) values ('x', ?)`).run(future);
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, reason: expect.stringMatching(/does not know/) });
    server.db.$client.prepare(`delete from __drizzle_migrations where created_at = ?`).run(future);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('start-up', () => {
  it('refuses a database it cannot write, with one line and a non-zero exit', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'readonly.db');
    openDatabase(dbPath).$client.close();
    fs.chmodSync(dbPath, 0o444);
    // File modes do not stop root. As root the file is made immutable (`chattr +i`), which does;
    // only where that attribute is not supported does the server run as `nobody` instead (which
    // needs every folder above the project to be open to others).
    const root = process.getuid?.() === 0;
    const immutable = root && spawnSync('chattr', ['+i', dbPath]).status === 0;
    const asOther = root && !immutable ? { uid: 65534, gid: 65534 } : {};
    if (!immutable) fs.chmodSync(dir, 0o555);
    try {
      const proc = await spawnServer({ STIPPLE_SEED: 'none' }, { dbPath, ...asOther });
      const code = await proc.exited;
      expect(code).toBe(1);
      expect(lines(proc.stderr())).toEqual([
        `Stipple cannot start: the database ${dbPath}: The database file is not writable by this process (${immutable ? 'EPERM' : 'EACCES'}).`,
      ]);
    } finally {
      if (immutable) spawnSync('chattr', ['-i', dbPath]);
      fs.chmodSync(dir, 0o755);
    }
  });
});

describe('backup and restore', { timeout: 60_000 }, () => {
  it('backs up a consistent copy while another connection writes continuously', async () => {
    const server = await serve();
    // Some bulk, so that the copy takes more than an instant.
    const filler = server.db.$client.prepare(
      `insert into audit_log (action, subject, detail) values ('ops.fill', ?, ?)`,
    );
    server.db.$client.transaction(() => {
      for (let i = 0; i < 3000; i++) filler.run(String(i), JSON.stringify({ pad: 'x'.repeat(500) }));
    })();

    let seq = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        addMarker(server.db.$client, seq++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const before = seq;
    const target = path.join(tempDir(), 'copy.db');
    const result = await npmScript('backup', [target], server.dbPath);
    const after = seq;
    writing = false;
    await writer;

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([expect.stringMatching(/^Backed up to .*copy\.db \(\d+ bytes, \d+ ms\)\.$/)]);
    expect(after).toBeGreaterThan(before); // the writer really wrote during the backup
    expect(integrity(target)).toBe('ok');
    const copied = markers(target);
    // One snapshot: every marker committed before the backup began, then an unbroken run.
    expect(copied.length).toBeGreaterThanOrEqual(before);
    expect(copied.length).toBeLessThanOrEqual(after);
    expect(copied).toEqual(copied.map((_, i) => i));
    expect(fs.readdirSync(path.dirname(target))).toEqual(['copy.db']);
    // The server went on serving throughout.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses to restore while the server has the database open, and the server goes on', async () => {
    const server = await serve();
    const copy = path.join(tempDir(), 'copy.db');
    expect((await npmScript('backup', [copy], server.dbPath, true)).code).toBe(0);
    const restore = await npmScript('restore', [copy], server.dbPath);
    expect(restore.code).not.toBe(0);
    expect(lines(restore.stderr)).toEqual([expect.stringMatching(/^Restore failed: .* is in use .*stop the server/)]);
    expect(fs.readdirSync(path.dirname(server.dbPath)).filter((f) => f.includes('restore'))).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await new Client(server.baseUrl).login(DEMO_USERS[2]!.email, DEMO_PASSWORD)).status).toBe(303);
  });

  it('restores a good copy over a stopped database; the server starts on it', async () => {
    const server = await serve();
    addMarker(server.db.$client, 1);
    const copy = path.join(tempDir(), 'good.db');
    expect((await npmScript('backup', [copy], server.dbPath, true)).code).toBe(0);
    addMarker(server.db.$client, 2); // written after the backup: the restore takes it back
    await server.stop();
    servers.splice(servers.indexOf(server), 1);

    const restore = await npmScript('restore', [copy], server.dbPath);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(lines(restore.stdout)).toEqual([expect.stringMatching(/^Restored .* \(\d+ migrations\)\.$/)]);
    expect(markers(server.dbPath)).toEqual([1]);
    expect(integrity(server.dbPath)).toBe('ok');
    expect(fs.readdirSync(path.dirname(server.dbPath)).sort()).toEqual([path.basename(server.dbPath)]);

    const again = await serve({}, { dbPath: server.dbPath });
    expect((await fetch(`${again.baseUrl}/healthz`)).status).toBe(200);
    expect((await new Client(again.baseUrl).login(DEMO_USERS[2]!.email, DEMO_PASSWORD)).status).toBe(303);
  });

  it('refuses a corrupt copy, a file that is no database, and a copy from a newer version, leaving the database untouched', async () => {
    const server = await serve();
    const dir = tempDir();
    const good = path.join(dir, 'good.db');
    expect((await npmScript('backup', [good], server.dbPath, true)).code).toBe(0);
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const live = sha(server.dbPath);

    // Corrupt: overwrite the b-tree pages past the first with garbage (the header stays valid).
    const corrupt = path.join(dir, 'corrupt.db');
    const bytes = fs.readFileSync(good);
    for (let i = 4096 * 2; i < bytes.length; i += 7) bytes[i] = (i * 31) & 0xff;
    fs.writeFileSync(corrupt, bytes);
    const notDb = path.join(dir, 'notes.txt');
    fs.writeFileSync(
      notDb,
      'this is not a database, just some text that is long enough to look like a header ' + 'x'.repeat(200),
    );
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good, newer);
    const n = new Database(newer);
    n.prepare(`insert into __drizzle_migrations (hash, created_at) values ('x', ?)`).run(
      Math.max(...knownMigrationVersions()) + 1000,
    );
    n.close();

    for (const [file, why] of [
      [corrupt, /integrity check|not a readable SQLite database/],
      [notDb, /not a readable SQLite database/],
      [newer, /does not know/],
      [path.join(dir, 'missing.db'), /There is no file/],
    ] as const) {
      const restore = await npmScript('restore', [file], server.dbPath, file !== corrupt);
      expect(restore.code, file).not.toBe(0);
      expect(lines(restore.stderr), file).toEqual([expect.stringMatching(why)]);
      expect(sha(server.dbPath), file).toBe(live);
      expect(fs.readdirSync(path.dirname(server.dbPath)), file).toEqual([path.basename(server.dbPath)]);
    }
    expect(integrity(server.dbPath)).toBe('ok');
  });
});

/**
 * A PUT of a draft whose body arrives slowly, in `parts` pieces `gapMs` apart. `inFlight` is
 * called once the server has read the request's headers and its first piece (so it is in flight).
 */
function slowDraftSave(baseUrl: string, cookie: string, inFlight: () => void, parts = 5, gapMs = 300) {
  const body = Buffer.from(
    JSON.stringify({
      dots: [
        [50, 50, 0, 0.3],
        [52, 55, 100, 0.3],
      ],
    }),
  );
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${baseUrl}/api/drill/crown-whorl/draft`, {
      method: 'PUT',
      agent: false,
      headers: { cookie, origin: baseUrl, 'content-type': 'application/json', 'content-length': body.length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    const size = Math.ceil(body.length / parts);
    let i = 0;
    const next = (written?: () => void) => {
      req.write(body.subarray(i * size, (i + 1) * size), written);
      if (++i < parts) setTimeout(next, gapMs);
      else req.end();
    };
    // Once the headers and the first piece are handed to the kernel, and the server has read them.
    req.on('socket', (socket) => socket.once('connect', () => next(() => void serverHasRead(socket).then(inFlight))));
  });
}

/**
 * Resolves once the server has read everything written so far on `socket` (its end of the connection has nothing
 * waiting in its receive queue, per Linux's /proc/net/tcp; call it once the writes are with the kernel): the server
 * has parsed the request's headers, so the request is in flight there. Without /proc, after 100 ms as before.
 */
async function serverHasRead(socket: net.Socket): Promise<void> {
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const [serverEnd, clientEnd] = [hex(socket.remotePort!), hex(socket.localPort!)];
  for (;;) {
    let table: string;
    try {
      table = fs.readFileSync('/proc/net/tcp', 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 100));
      return;
    }
    // Columns: sl, local_address, rem_address, st, tx_queue:rx_queue, …
    const rows = table.split('\n').map((line) => line.trim().split(/\s+/));
    const queue = (local: string, remote: string, which: 0 | 1) => {
      const row = rows.find((f) => f[1]?.endsWith(local) && f[2]?.endsWith(remote));
      return row ? Number.parseInt(row[4]!.split(':')[which]!, 16) : NaN;
    };
    // Everything the client sent has reached the server's end (acknowledged), and the server has read it.
    if (queue(clientEnd, serverEnd, 0) === 0 && queue(serverEnd, clientEnd, 1) === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A GET on a new connection (no pooled one): 'served', or the code of the error that stopped it. */
function newConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve('served');
      })
      .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

async function signedInCookie(baseUrl: string): Promise<string> {
  const client = new Client(baseUrl);
  expect((await client.login(DEMO_USERS[2]!.email, DEMO_PASSWORD)).status).toBe(303);
  return `stipple_session=${client.cookie('stipple_session')}`;
}

describe('graceful stop', () => {
  it('on SIGTERM to `npm run serve` finishes a slow upload (200, saved), refuses new connections, exits 0', async () => {
    const server = await serve({}, { command: ['npm', 'run', '-s', 'serve'] });
    unlockDrillPath(server.db); // the slow upload is a crown draft (a full template)
    const cookie = await signedInCookie(server.baseUrl);
    let signalledAt = 0;
    // The upload takes about 2.7 s (10 pieces 300 ms apart): long enough to outlast the signal's way through npm.
    const saving = slowDraftSave(
      server.baseUrl,
      cookie,
      () => {
        signalledAt = Date.now();
        server.child.kill('SIGTERM'); // to npm, as a process manager would
      },
      10,
    );
    // Once the signal has arrived (npm passes it on), new connections are refused while the upload goes on.
    let uploading = true;
    const over = () => (uploading = false);
    saving.then(over, over);
    // (Asked only once the server has counted its requests in flight, so that no probe is among them.)
    await server.outputMatching('SIGTERM: no new connections', 30_000);
    await expect.poll(() => newConnection(`${server.baseUrl}/healthz`)).toBe('ECONNREFUSED');
    expect(uploading).toBe(true);
    const saved = await saving;
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.body)).toMatchObject({ dotCount: 2 });
    expect(Date.now() - signalledAt).toBeGreaterThan(1000);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(
      /SIGTERM: no new connections; finishing 1 request\(s\) in flight\.[\s\S]*Stopped: the database is closed\./,
    );
    // The draft was committed, and the database closed cleanly (no WAL left beside it).
    server.db.$client.close();
    expect(fs.existsSync(`${server.dbPath}-wal`)).toBe(false);
    const db = new Database(server.dbPath, { readonly: true });
    expect(db.prepare(`select dot_count from drill_attempts where status = 'draft'`).pluck().all()).toEqual([2]);
    db.close();
  });

  it('on SIGINT to the server process exits 0 at once when idle', async () => {
    const server = await serve();
    const started = Date.now();
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000); // well inside the 10 s grace: nothing was waited for
    expect(server.output()).toMatch(/SIGINT: no new connections; finishing 0 request\(s\) in flight/);
  });
});
