/**
 * `npm start` (after `astro build`): prepares the database — migrate, and seed the demo
 * academy on first start — checks that it can be read and written, then serves the built
 * academy on HOST:PORT (127.0.0.1:4321). SIGTERM or SIGINT stops it gracefully: no new
 * connections, requests in flight finish (up to 10 s), the database is closed, exit 0.
 * A database that cannot be opened or written stops the start with one line and exit 1.
 *
 * `STIPPLE_WORKERS=N` (N > 1): this process prepares the database, then runs N server processes
 * (node:cluster) sharing the port; a worker that dies is replaced; SIGTERM / SIGINT stop every
 * worker gracefully before this process exits 0.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databasePath } from '../../db/client.ts';
import { closeDb, getDb } from '../server/db.ts';
import { checkHealth, fileWriteProblem, storageFaultReason } from '../server/health.ts';
import { listenGracefully, type NodeHandler } from '../server/http-server.ts';
import { logger } from '../server/log.ts';
import { readProxySettings, startProblem } from '../server/public-url.ts';
import { productionHandler } from '../server/response-filter.ts';
import { SESSION_COOKIE } from '../server/sessions.ts';
import { scheduleJobs } from '../server/jobs.ts';
import { runScorerWarmup } from '../server/warmup-hook.ts';

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';
const host = process.env.HOST;
const port = Number(process.env.PORT);
const dbFile = path.resolve(databasePath());

function refuse(reason: string): never {
  console.error(`Stipple cannot start: the database ${dbFile}: ${reason}`);
  process.exit(1);
}

const workers = Number(process.env.STIPPLE_WORKERS?.trim() || '1');
const proxy = cluster.isPrimary ? prepare() : readProxySettings();
if (cluster.isPrimary) {
  try {
    const health = checkHealth((await getDb()).$client);
    if (!health.ok) refuse(health.reason);
  } catch (error) {
    refuse(storageFaultReason(error));
  }
}

/** The primary's checks before anything listens: the deployment settings and the database file. */
function prepare() {
  const deployProblem =
    startProblem(host) ??
    (Number.isInteger(workers) && workers >= 1 && workers <= 64
      ? null
      : `STIPPLE_WORKERS=${process.env.STIPPLE_WORKERS} must be a whole number from 1 to 64.`);
  if (deployProblem) {
    console.error(`Stipple cannot start: ${deployProblem}`);
    process.exit(1);
  }
  try {
    logger();
  } catch (error) {
    console.error(`Stipple cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const writeProblem = fileWriteProblem(dbFile);
  if (writeProblem) refuse(writeProblem);
  return readProxySettings();
}

const where =
  `http://${host.includes(':') ? `[${host}]` : host}:${port}/` +
  (proxy.publicUrl ? ` as ${proxy.publicUrl.origin}` : '') +
  (proxy.trustedHops ? `, trusting ${proxy.trustedHops} reverse prox${proxy.trustedHops > 1 ? 'ies' : 'y'}` : '');

// A log reader that went away (a closed pipe) must not turn a graceful stop into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

if (cluster.isPrimary && workers > 1) {
  // The workers open their own connections; the database is ready (migrated, seeded).
  await closeDb();
  let stopping = false;
  let listening = 0;
  const fork = () => cluster.fork();
  cluster.on('listening', () => {
    if (++listening === workers) console.log(`Stipple is serving ${where} with ${workers} worker processes`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another.`);
    fork();
  });
  for (let i = 0; i < workers; i++) fork();
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    console.log(`${signal}: stopping ${running.length} worker(s); each finishes its requests in flight.`);
    let left = running.length;
    if (left === 0) process.exit(0);
    for (const w of running) {
      w!.once('exit', () => {
        if (--left === 0) {
          console.log('Stopped: every worker has closed the database.');
          process.exit(0);
        }
      });
      w!.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stopAll);
  process.on('SIGINT', stopAll);
} else {
  await serve();
}

/**
 * Readies the scorer before the first submission: one request to `/healthz` made in this
 * process (not through the port, which another worker may answer) loads the middleware, which
 * registers the bundle's warm-up; that loads the rasters precomputed at build and runs the scorer.
 */
async function warmUp(handler: NodeHandler): Promise<void> {
  try {
    const req = new http.IncomingMessage(new net.Socket());
    req.method = 'GET';
    req.url = '/healthz';
    req.headers = { host: `${host.includes(':') ? `[${host}]` : host}:${port}` };
    req.push(null);
    await handler(req, new http.ServerResponse(req));
    const report = await runScorerWarmup();
    if (report)
      logger().info(
        { templates: report.templates, rastersFromBuild: report.rastersLoaded, ms: Math.round(report.ms) },
        'scorer warmed',
      );
  } catch (error) {
    logger().warn({ err: error }, 'scorer warm-up failed');
  }
}

async function serve(): Promise<void> {
  // Produced by `astro build` (so absent before it, and not a static import): the adapter in
  // middleware mode, its handler served by our own server, the static files by `productionHandler`.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(new URL('../../dist/server/entry.mjs', import.meta.url).href)) as {
    handler: NodeHandler;
  };
  const served = await listenGracefully(
    productionHandler(entry.handler, {
      proxy,
      clientDir: fileURLToPath(new URL('../../dist/client', import.meta.url)),
      sessionCookie: SESSION_COOKIE,
    }),
    host,
    port,
  );
  if (cluster.isPrimary) console.log(`Stipple is serving ${where}`);
  else await getDb(); // the rate limiters use the open handle
  // STIPPLE_WARMUP=off (for the benchmark's comparison): the first submission rasterises and compiles.
  if (process.env.STIPPLE_WARMUP !== 'off') void warmUp(entry.handler);
  // Certificate expiry reminders, hourly (safe beside `npm run -s jobs` from cron, and in several workers).
  if (process.env.STIPPLE_JOBS !== 'off') scheduleJobs(getDb);

  let stopping = false;
  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    // Ctrl-C under `npm start` arrives twice (from the terminal and forwarded by npm): one stop.
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary)
      console.log(`${signal}: no new connections; finishing ${served.inFlight()} request(s) in flight.`);
    const cut = await served.stop();
    if (cut > 0) console.error(`${cut} request(s) did not finish within the grace period and were cut.`);
    await closeDb();
    if (cluster.isPrimary) console.log('Stopped: the database is closed.');
    process.exit(0);
  }
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));
}
