/**
 * `npm start` (after `astro build`): prepares the database — migrate, and seed the demo
 * academy on first start — checks that it can be read and written, then serves the built
 * academy on HOST:PORT (127.0.0.1:4321). SIGTERM or SIGINT stops it gracefully: no new
 * connections, requests in flight finish (up to 10 s), the database is closed, exit 0.
 * A database that cannot be opened or written stops the start with one line and exit 1.
 */
import path from 'node:path';
import { databasePath } from '../../db/client.ts';
import { closeDb, getDb } from '../server/db.ts';
import { checkHealth, fileWriteProblem, storageFaultReason } from '../server/health.ts';
import { listenGracefully, type NodeHandler } from '../server/http-server.ts';
import { scheduleJobs } from '../server/jobs.ts';

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';
const host = process.env.HOST;
const port = Number(process.env.PORT);
const dbFile = path.resolve(databasePath());

function refuse(reason: string): never {
  console.error(`Stipple cannot start: the database ${dbFile}: ${reason}`);
  process.exit(1);
}

const writeProblem = fileWriteProblem(dbFile);
if (writeProblem) refuse(writeProblem);
try {
  const health = checkHealth((await getDb()).$client);
  if (!health.ok) refuse(health.reason);
} catch (error) {
  refuse(storageFaultReason(error));
}

// Produced by `astro build` (so absent before it, and not a static import). The adapter's
// standalone entry would start its own server on import; we serve its handler ourselves.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = (await import(new URL('../../dist/server/entry.mjs', import.meta.url).href)) as { handler: NodeHandler };
const served = await listenGracefully(entry.handler, host, port);
// Certificate expiry reminders, hourly (safe beside `npm run -s jobs` from cron, and in several workers).
if (process.env.STIPPLE_JOBS !== 'off') scheduleJobs(getDb);
console.log(`Stipple is serving http://${host.includes(':') ? `[${host}]` : host}:${port}/`);

// A log reader that went away (a closed pipe) must not turn a graceful stop into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  // Ctrl-C under `npm start` arrives twice (from the terminal and forwarded by npm): one stop.
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: no new connections; finishing ${served.inFlight()} request(s) in flight.`);
  const cut = await served.stop();
  if (cut > 0) console.error(`${cut} request(s) did not finish within the grace period and were cut.`);
  await closeDb();
  console.log('Stopped: the database is closed.');
  process.exit(0);
}
process.on('SIGTERM', (s) => void shutdown(s));
process.on('SIGINT', (s) => void shutdown(s));
