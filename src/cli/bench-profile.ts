/**
 * A CPU profile of the built server under one page's load (a bench helper, not part of
 * `npm run bench`): builds the 2,000-trainee academy of the serving bench, starts
 * `dist/cli/serve.mjs` with `--cpu-prof`, signs a trainee in and requests the page with 4
 * keep-alive clients (as the serving bench does), then stops the server and prints where its CPU
 * went during the load (self time by area and by function), with the requests per CPU second.
 *
 *   node src/cli/bench-profile.ts [page (default: the first lesson)] [seconds (default 10)] [--keep] [--rate]
 *
 * `--keep` leaves the `.cpuprofile` file (its path is printed) for a closer look in a profiler;
 * `--rate` runs without the profiler and prints the rate alone. `STIPPLE_PROFILE_DB=<file>` keeps
 * the academy's database in that file and reuses it on the next run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { hashPassword } from '../lib/auth/password.ts';
import { populateAcademy, shapeFromFiles } from './bench-academy.ts';
import { client, freePort, PASSWORD } from './bench-serving.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const keep = process.argv.includes('--keep');
const profiling = !process.argv.includes('--rate');
const seconds = Number(args[1] || 10);

/** The area a function belongs to, by its file. */
function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(idle)') return name;
  if (url.includes('better-sqlite3') || name === 'all' || name === 'get' || name === 'run') return 'database (native)';
  if (/drizzle/.test(url)) return 'drizzle';
  if (/pino|sonic-boom|fast-redact|quick-format|atomic-sleep/.test(url)) return 'pino';
  if (url.startsWith('node:internal/http') || url === 'node:_http_server' || url.startsWith('node:_http'))
    return 'node http';
  if (url.startsWith('node:internal/stream') || url.startsWith('node:stream') || url.startsWith('node:net'))
    return 'node streams/net';
  if (url.startsWith('node:internal/deps/undici') || url.includes('undici')) return 'undici (web Request/Response)';
  if (url.startsWith('node:internal/webstreams')) return 'web streams';
  if (url.startsWith('node:')) return `node other (${url.replace(/^node:(internal\/)?/, '').split('/')[0]})`;
  if (url.includes('/dist/cli/')) return 'serve.mjs (filter, log, server)';
  if (url.includes('/dist/server/')) {
    const file = path.basename(url);
    return `bundle ${file.replace(/_[\w-]{8}\.mjs$/, '')}`;
  }
  if (url.includes('node_modules/astro/')) return 'astro (node_modules)';
  if (url.includes('node_modules/')) return `node_modules ${url.split('node_modules/')[1]!.split('/')[0]}`;
  return url ? `other ${path.basename(url)}` : `(native) ${name}`;
}

/** Prints self time by area and the top functions, for samples after `skipMs` from the profile's start. */
function report(file: string, skipMs: number): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t / 1000 < skipMs) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const total = [...self]
    .filter(([id]) => byId.get(id)!.callFrame.functionName !== '(idle)')
    .reduce((s, [, v]) => s + v, 0);
  const areas = new Map<string, number>();
  const funcs = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`;
    funcs.set(key, (funcs.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`\nSelf time by area (${(total / 1e6).toFixed(2)} s of CPU samples, idle excluded):`);
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${pct(us)}  ${a}`);
  console.log('\nTop functions (self time):');
  for (const [f, us] of [...funcs].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log(`  ${pct(us)}  ${f}`);
  // Inclusive: each function counted once per sample in whose stack it appears.
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url, lineNumber } = byId.get(cur)!.callFrame;
      const key = `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  console.log('\nTop functions (inclusive time):');
  for (const [f, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, 60)) console.log(`  ${pct(us)}  ${f}`);
}

// `--report <file.cpuprofile> <skipMs>`: only print the figures of a kept profile.
if (process.argv[2] === '--report') {
  report(process.argv[3]!, Number(process.argv[4] ?? 0));
  process.exit(0);
}

/** CPU time of a process so far (ms), from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const shape = shapeFromFiles();
const page = args[0] || `/learn/${shape.lessonIds[0]!}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-profile-'));
const dbFile = process.env.STIPPLE_PROFILE_DB
  ? path.resolve(process.env.STIPPLE_PROFILE_DB)
  : path.join(dir, 'academy.db');
if (!fs.existsSync(dbFile)) {
  const setup = openDatabase(dbFile);
  populateAcademy(setup, { slug: 'bench2000', trainees: 2_000, shape, bigDots: 0.05 });
  setup.$client
    .prepare('update users set password_hash = ? where email = ?')
    .run(await hashPassword(PASSWORD), 'trainee0@bench2000.test');
  setup.$client.close();
}

const port = await freePort();
const spawnedAt = performance.now();
const child = spawn(
  process.execPath,
  [
    ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
    process.env.STIPPLE_PROFILE_SERVE ?? 'dist/cli/serve.mjs',
  ],
  {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STIPPLE_DB: dbFile, STIPPLE_SEED: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      if (i > 300) throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const trainee = client(base);
  await trainee.login('trainee0@bench2000.test');
  const first = await trainee.get(page);
  if (first.status !== 200) throw new Error(`${page} answered ${first.status}`);
  for (let i = 0; i < 300; i++) await trainee.get(page);
  const loadFrom = performance.now() - spawnedAt;
  const c0 = cpuMs(child.pid!);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < end) {
        await trainee.get(page);
        n++;
      }
    }),
  );
  const cpu = cpuMs(child.pid!) - c0;
  console.log(
    `${page}: ${n} requests in ${seconds} s, ${((n * 1000) / cpu).toFixed(0)} req/CPU-s (${((cpu * 1000) / n).toFixed(0)} µs CPU each${profiling ? ', profiler on' : ''})`,
  );
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (!profiling) process.exit(0);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  report(path.join(dir, file), loadFrom);
  if (keep) {
    const kept = path.join(os.tmpdir(), `stipple-${Date.now()}.cpuprofile`);
    fs.copyFileSync(path.join(dir, file), kept);
    console.log(`\nprofile: ${kept} (load from ${loadFrom.toFixed(0)} ms)`);
  }
} finally {
  if (child.exitCode === null) child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
