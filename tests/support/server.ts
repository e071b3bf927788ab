/**
 * Starts the built academy (`node dist/cli/serve.mjs`, what `npm run serve` runs) on a free loopback port with its own
 * temporary database, seeded with the demo academy and a known password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { openDatabase, type Db } from '../../db/client.ts';
import { tempDbPath } from './db.ts';

/** The demo users' password in every test server. */
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** A server process started by `spawnServer`, not necessarily listening yet. */
export interface ServerProcess {
  baseUrl: string;
  dbPath: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** What the process wrote to stderr so far. */
  stderr: () => string;
  /**
   * Everything written so far once it matches `pattern` (log lines go out through an
   * asynchronous destination, so a line can arrive just after the response it describes);
   * rejects with the output after `timeoutMs` without a match.
   */
  outputMatching: (pattern: RegExp | string, timeoutMs?: number) => Promise<string>;
  /**
   * Resolves with the exit code (null when a signal ended it) once the process has exited and its
   * stdout and stderr have been read to the end, so `output()` then holds its last lines.
   */
  exited: Promise<number | null>;
}

/** A server that answered its first request, with a second connection to its database. */
export interface RunningServer extends ServerProcess {
  /** A second connection to the server's database, for arranging and checking state. */
  db: Db;
  stop: () => Promise<void>;
}

/** How to start the server process. */
export interface ServerOptions {
  /** The database file (default: a fresh temporary one). */
  dbPath?: string;
  /** The command (default `node dist/cli/serve.mjs`); e.g. `['npm', 'run', '-s', 'serve']`. */
  command?: string[];
  /** Run as this user and group (only root may); e.g. to meet a file it may not write. */
  uid?: number;
  gid?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns the server process without waiting for it to listen (see `startServer`). */
export async function spawnServer(env: Record<string, string> = {}, opts: ServerOptions = {}): Promise<ServerProcess> {
  if (!fs.existsSync('dist/server/entry.mjs') || !fs.existsSync('dist/cli/serve.mjs'))
    throw new Error('Run `npm run build` first (npm test does).');
  const port = await freePort();
  const dbPath = opts.dbPath ?? tempDbPath();
  const [command, ...args] = opts.command ?? [process.execPath, 'dist/cli/serve.mjs'];
  const child: ChildProcess = spawn(command!, args, {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STIPPLE_DB: dbPath,
      STIPPLE_DEMO_PASSWORD: DEMO_PASSWORD,
      STIPPLE_SEED: 'basic',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => {
    output += d;
    stderr += d;
  });
  // 'close', not 'exit': a process's last lines can still be in the pipes when 'exit' is emitted.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const matches = (pattern: RegExp | string) =>
    typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output);
  const outputMatching = (pattern: RegExp | string, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      if (matches(pattern)) return resolve(output);
      const onData = () => {
        if (!matches(pattern)) return;
        done();
        resolve(output);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`The server's output did not show ${String(pattern)} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
      };
      // Registered after the collectors above, so `output` already holds the chunk.
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
    });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dbPath,
    child,
    output: () => output,
    stderr: () => stderr,
    outputMatching,
    exited,
  };
}

/** How often `startServer` tries again when the free port it picked was taken before the server could listen. */
const PORT_TRIES = 3;

/**
 * Spawns the server (see `spawnServer`) and resolves once it says it is serving on its own port and answers `/`;
 * `stop` ends it with SIGTERM. The port is free when picked but not reserved: should another process take it
 * before the server listens, the server exits with EADDRINUSE and is started again on another port.
 */
export async function startServer(env: Record<string, string> = {}, opts: ServerOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    const proc = await spawnServer(env, opts);
    const ready = await whenServing(proc);
    if (ready === 'port taken' && attempt < PORT_TRIES) continue;
    if (ready !== 'serving') throw new Error(`Server exited early:\n${proc.output()}`);
    return running(proc);
  }
}

/**
 * Waits until the process says it is serving on its own port (so what answers there is this process, not
 * another that took the port) and answers `/`; or until it exits ('port taken' when the port was in use).
 */
async function whenServing(proc: ServerProcess): Promise<'serving' | 'port taken' | 'exited'> {
  const { child, baseUrl } = proc;
  const port = new URL(baseUrl).port;
  const serving = new RegExp(`Stipple is serving \\S+:${port}/`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await proc.exited;
      return /EADDRINUSE/.test(proc.output()) ? 'port taken' : 'exited';
    }
    if (serving.test(proc.output())) {
      try {
        const res = await fetch(`${baseUrl}/`);
        if (res.ok) return 'serving';
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() > deadline) throw new Error(`Server did not start in time:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function running(proc: ServerProcess): RunningServer {
  const { child, dbPath } = proc;
  const db = openDatabase(dbPath);
  return {
    ...proc,
    db,
    stop: async () => {
      if (db.$client.open) db.$client.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await proc.exited;
      }
    },
  };
}
