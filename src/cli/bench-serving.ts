/**
 * The serving part of `npm run bench`, on the built server (`astro build` first) over a
 * database with a large academy: the page rate of `/`, a lesson and `/learn` beside a bare
 * `node:http` server answering the same bytes; the latency of `/` alone and while an admin
 * loads `/academy` of the large academy in a loop; the server's RSS idle and after load.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { hashPassword } from '../lib/auth/password.ts';
import { openDrillPathFor } from './bench-path.ts';
import { runWarmupBench } from './bench-warmup.ts';

/** The password the bench gives its admin and trainee. */
export const PASSWORD = 'bench-password-1234';

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A cookie-keeping client (the session cookie is all it needs). */
export function client(base: string, initialCookie = '') {
  let cookie = initialCookie;
  return {
    async get(path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
      const res = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
    /** The cookie header this client sends. */
    cookie: () => cookie,
    async login(email: string): Promise<void> {
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        body: new URLSearchParams({ email, password: PASSWORD }),
        headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
      cookie = res.headers
        .getSetCookie()
        .map((l) => l.split(';')[0]!)
        .join('; ');
    },
  };
}

type Client = ReturnType<typeof client>;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
};

/** A memory figure of a process from /proc (VmRSS, RssAnon, RssFile), in MB. */
function memMb(pid: number, field = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const rssMb = (pid: number) =>
  `${memMb(pid).toFixed(0)} MB (anonymous ${memMb(pid, 'RssAnon').toFixed(0)} MB, file-backed ${memMb(pid, 'RssFile').toFixed(0)} MB)`;

/**
 * Runs `script` (an ES module) in a new Node process and resolves with it and the number it prints first
 * (its port, or its pid once it is ready to be measured).
 */
async function runScript(script: string, env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d)))));
  return { child, value };
}

/** The RSS of a process that only imports the built bundle (`dist/server/entry.mjs`), as a baseline. */
async function entryAloneRss(): Promise<string> {
  const script = `process.env.ASTRO_NODE_AUTOSTART = 'disabled'; await import(${JSON.stringify(path.resolve('dist/server/entry.mjs'))});
    setTimeout(() => { console.log(process.pid); setTimeout(() => {}, 5000); }, 1500);`;
  const { child, value: pid } = await runScript(script);
  const figure = `${memMb(pid).toFixed(0)} MB importing dist/server/entry.mjs alone`;
  child.kill();
  return figure;
}

/** User + system CPU time of a process so far (ms), from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * Serves `bodies` (path → bytes and content type) from a bare node:http server in its own
 * process: the ceiling a page rate is compared with.
 */
async function bareServer(bodies: Map<string, { body: Buffer; type: string }>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-bare-'));
  const file = path.join(dir, 'bodies.json');
  fs.writeFileSync(file, JSON.stringify([...bodies].map(([p, b]) => [p, b.type, b.body.toString('base64')])));
  const script = `
    const http = await import('node:http');
    const pages = new Map(JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(file)}, 'utf8'))
      .map(([p, type, b]) => [p, { type, body: Buffer.from(b, 'base64') }]));
    const server = http.createServer((req, res) => {
      const page = pages.get(req.url);
      if (!page) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': page.type, 'content-length': page.body.length }).end(page.body);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  `;
  const { child, value: port } = await runScript(script);
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    close: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Astro's own request handler (the built `dist/server/entry.mjs`) under a bare node:http server
 * in its own process, on the same database: the app's pages, sessions and queries, without what
 * `serve.mjs` adds around them (static files, compression, CSP, security headers, access log,
 * graceful shutdown). Between the bare server and Stipple's, it shows what Astro's pipeline
 * costs by itself.
 */
async function astroHandlerAlone(dbFile: string) {
  const script = `process.env.ASTRO_NODE_AUTOSTART = 'disabled';
    const { handler } = await import(${JSON.stringify(path.resolve('dist/server/entry.mjs'))});
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => handler(req, res));
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const { child, value: port } = await runScript(script, { ...process.env, STIPPLE_DB: dbFile, STIPPLE_SEED: 'none' });
  return { base: `http://127.0.0.1:${port}`, pid: child.pid!, close: () => child.kill() };
}

/**
 * The rate a server process could answer `get` at if it had a whole core: requests per CPU
 * second of that process (its own user + system time), which holds on a busy machine where
 * the load generator competes for the same cores.
 */
async function cpuRate(pid: number, get: () => Promise<unknown>, ms: number): Promise<number> {
  for (let i = 0; i < 30; i++) await get();
  let n = 0;
  const c0 = cpuMs(pid);
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < end) {
        await get();
        n++;
      }
    }),
  );
  return (n * 1000) / Math.max(1, cpuMs(pid) - c0);
}

/**
 * Runs the serving figures against the built server on `dbFile`, where `adminEmail` administers
 * the large academy and `traineeEmail` is one of its trainees; `lessonId` is a lesson of the course.
 */
export async function runServingBench(opts: {
  dbFile: string;
  adminEmail: string;
  traineeEmail: string;
  lessonId: string;
  /** Also run the scorer warm-up figures afterwards (default true). */
  warmup?: boolean;
}): Promise<void> {
  if (!fs.existsSync('dist/server/entry.mjs')) {
    console.log('\nServing: skipped (run `npm run build` first).');
    return;
  }
  const db = openDatabase(opts.dbFile);
  const hash = await hashPassword(PASSWORD);
  db.$client
    .prepare('update users set password_hash = ? where email in (?, ?)')
    .run(hash, opts.adminEmail, opts.traineeEmail);
  openDrillPathFor(db, [opts.traineeEmail]); // the warm-up bench submits a full template as this trainee
  db.$client.close();
  const port = await freePort();
  // The production start (`npm run serve`) when it is built, else its source.
  const start = fs.existsSync('dist/cli/serve.mjs') ? 'dist/cli/serve.mjs' : 'src/cli/serve.ts';
  const child = spawn(process.execPath, [start], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STIPPLE_DB: opts.dbFile, STIPPLE_SEED: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const f = (n: number, unit = 'ms') => `${n.toFixed(unit === 'ms' ? 1 : 0)} ${unit}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = client(base);
    await admin.login(opts.adminEmail);
    const trainee = client(base);
    await trainee.login(opts.traineeEmail);
    const anon = client(base);
    for (let i = 0; i < 20; i++) await anon.get('/');
    await new Promise((r) => setTimeout(r, 500));
    const idleRss = rssMb(child.pid!);

    console.log(
      `\nServing — the built server, Node ${process.version}, on the 2,000-trainee database (page rate: requests per CPU second of each server process)\n`,
    );
    // Page rate beside a bare node:http server answering the same bytes.
    // `/` is the same for every visitor without cookies and is then sent from memory; a visitor
    // with any cookie gets it rendered, as every signed-in page is.
    const anonWithCookie = client(base, 'bench=1');
    const pages: Array<[string, string, Client]> = [
      ['/', '/', anon],
      ['/ (rendered)', '/', anonWithCookie],
      [`lesson`, `/learn/${opts.lessonId}`, trainee],
      ['/learn', '/learn', trainee],
    ];
    const bodies = new Map<string, { body: Buffer; type: string }>();
    for (const [, path, c] of pages) {
      const r = await c.get(path);
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
      bodies.set(path, { body: r.body, type: r.headers.get('content-type') ?? 'text/html' });
    }
    const bare = await bareServer(bodies);
    const astro = await astroHandlerAlone(opts.dbFile);
    const targets: Record<string, number> = { '/': 0.15, lesson: 0.12 };
    const bareCache = new Map<string, number>();
    const astroShares: string[] = [];
    try {
      for (const [label, path, c] of pages) {
        const stipple = await cpuRate(child.pid!, () => c.get(path), 3_000);
        const plain =
          bareCache.get(path) ??
          (await cpuRate(bare.pid, () => fetch(bare.base + path).then((r) => r.arrayBuffer()), 3_000));
        bareCache.set(path, plain);
        const share = stipple / plain;
        const target = targets[label];
        console.log(
          `  ${label.padEnd(12)} ${f(stipple, 'req/CPU-s').padStart(14)} vs bare node:http ${f(plain, 'req/CPU-s').padStart(14)}` +
            `  = ${(share * 100).toFixed(1)} % of bare (${bodies.get(path)!.body.length} bytes)` +
            (target ? `  target ≥ ${target * 100} %: ${share >= target ? 'met' : 'NOT met'}` : ''),
        );
        if (label === '/') continue; // sent from memory by serve.mjs: Astro's handler alone would render it
        // The same request (same cookie) answered by Astro's handler without serve.mjs around it.
        const viaAstro = client(astro.base, c.cookie());
        const check = await viaAstro.get(path);
        if (check.status !== 200) throw new Error(`${path} answered ${check.status} from Astro's handler alone`);
        const alone = await cpuRate(astro.pid, () => viaAstro.get(path), 3_000);
        astroShares.push(`${label} ${f(alone, 'req/CPU-s')} = ${((alone / plain) * 100).toFixed(1)} %`);
      }
    } finally {
      bare.close();
      astro.close();
    }
    console.log(
      `  Astro's handler alone (dist/server/entry.mjs under a bare node:http server: the same pages, sessions and queries,` +
        ` without serve.mjs's static files, compression, CSP, headers and log), share of the same bare rates: ${astroShares.join('; ')}`,
    );

    // `/` alone, then while an admin loads /academy of the large academy in a loop.
    const probe = async (ms: number) => {
      const times: number[] = [];
      const end = performance.now() + ms;
      while (performance.now() < end) {
        const t0 = performance.now();
        await anon.get('/');
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
      return times;
    };
    const alone = await probe(2_000);
    let looping = true;
    let loads = 0;
    const academyTimes: number[] = [];
    const loop = (async () => {
      while (looping) {
        const t0 = performance.now();
        const r = await admin.get('/academy');
        if (r.status !== 200) throw new Error(`/academy answered ${r.status}`);
        academyTimes.push(performance.now() - t0);
        loads++;
      }
    })();
    const during = await probe(4_000);
    looping = false;
    await loop;
    const p95 = pct(during, 0.95);
    console.log(
      `  /  alone: p50 ${f(pct(alone, 0.5))}, p95 ${f(pct(alone, 0.95))}  |  while /academy (2,000 trainees) loops` +
        ` (${loads} loads, p50 ${f(pct(academyTimes, 0.5))}): p50 ${f(pct(during, 0.5))}, p95 ${f(p95)}` +
        `  target p95 ≤ 100 ms: ${p95 <= 100 ? 'met' : 'NOT met'}`,
    );
    const loadedRss = rssMb(child.pid!);
    console.log(
      `  server RSS (${start}): idle ${idleRss}; after the load ${loadedRss}; baseline: ${await entryAloneRss()}`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  if (opts.warmup !== false) await runWarmupBench(opts.dbFile, opts.traineeEmail, start);
}
