/**
 * Starts the built academy (`node src/cli/serve.ts`) on a free loopback port with its own
 * temporary database, seeded with the demo academy and a known password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { openDatabase, type Db } from '../../db/client.ts';
import { tempDbPath } from './db.ts';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface RunningServer {
  baseUrl: string;
  dbPath: string;
  /** A second connection to the server's database, for arranging and checking state. */
  db: Db;
  stop: () => Promise<void>;
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

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!fs.existsSync('dist/server/entry.mjs')) throw new Error('Run `astro build` first (npm test does).');
  const port = await freePort();
  const dbPath = tempDbPath();
  const child: ChildProcess = spawn(process.execPath, ['src/cli/serve.ts'], {
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
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`Server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = openDatabase(dbPath);
  return {
    baseUrl,
    dbPath,
    db,
    stop: async () => {
      db.$client.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}
