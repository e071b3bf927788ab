/**
 * `npm run bench:load` (after `npm run build`): starts the built academy on a temporary
 * database with 200 signed-in trainees, and drives it with 200 concurrent users for 60 s each
 * run, every user sending one request after another: lesson pages, `/learn`, draft autosaves
 * (a 300-impression canvas) and knowledge-check posts. Beside it, the same 200 users on `/`
 * (the baseline). Runs with one process and with `STIPPLE_WORKERS=2`; prints requests per
 * second, p50 and p99 latency and errors for each (a 429 is the knowledge check's own
 * cool-down between two posts of one user, counted apart from errors).
 *
 * `BENCH_SECONDS` (default 60) and `BENCH_USERS` (default 200) shorten or shrink a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lessonProgress, memberships, users } from '../../db/schema.ts';
import { attemptOrder, drawnCheck } from '../lib/learning/check-policy.ts';
import { buildCurriculum } from '../lib/learning/curriculum.ts';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { readAllCourses } from '../server/course-files.ts';
import { createSession } from '../server/sessions.ts';
import { loadTemplate } from '../server/templates.ts';
import { openDrillPathFor } from './bench-path.ts';

const SECONDS = Number(process.env.BENCH_SECONDS || 60);
const USERS = Number(process.env.BENCH_USERS || 200);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A database with the demo academy and `USERS` trainees who have finished module 1's lessons; their session cookies. */
async function prepare(dbPath: string): Promise<{
  cookies: string[];
  lessons: string[];
  checkPath: string;
  checkBody: (user: number, attempt: number) => string;
}> {
  const { prepareDatabase } = await import('../server/db.ts');
  process.env.STIPPLE_SEED = 'basic';
  const db = await prepareDatabase(dbPath, () => {});
  const files = readAllCourses()[0]!;
  const ordered = buildCurriculum(files.course, files.lessons, files.checks).lessons;
  const module1 = files.course.modules[0]!.id;
  const m1 = ordered.filter((l) => l.module === module1);
  const check = files.checks.find((c) => c.module === module1)!;
  const hash = db.select({ h: users.passwordHash }).from(users).get()!.h;
  const cookies: string[] = [];
  // Each attempt of each trainee draws its own questions from the bank: a load user answers the
  // questions of the attempt they are on, as a trainee reading the form would.
  const ids: number[] = [];
  const now = new Date();
  db.transaction((tx) => {
    for (let i = 0; i < USERS; i++) {
      const id = tx
        .insert(users)
        .values({ email: `load${i}@bench.test`, displayName: `Load ${i}`, passwordHash: hash })
        .returning({ id: users.id })
        .get().id;
      tx.insert(memberships).values({ userId: id, academyId: 1, role: 'trainee' }).run();
      for (const l of m1)
        tx.insert(lessonProgress)
          .values({ userId: id, lessonId: l.id, firstOpenedAt: now, lastOpenedAt: now, completedAt: now })
          .run();
      cookies.push(`stipple_session=${createSession(tx, id).token}`);
      ids.push(id);
    }
  });
  // Each load user also saves a crown draft (a full template, level 3): open their drill path.
  openDrillPathFor(
    db,
    Array.from({ length: USERS }, (_, i) => `load${i}@bench.test`),
  );
  db.$client.close();
  return {
    cookies,
    lessons: m1.map((l) => `/learn/${l.id}`),
    checkPath: `/learn/check/${module1}`,
    checkBody: (user, attempt) => {
      const body = new URLSearchParams();
      for (const q of drawnCheck(check, attemptOrder(check, ids[user]!, attempt)).questions)
        for (const a of q.answer) body.append(`q.${q.id}`, a);
      return body.toString();
    },
  };
}

async function startServer(dbPath: string, workers: number): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/cli/serve.ts'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      STIPPLE_DB: dbPath,
      STIPPLE_SEED: 'basic',
      STIPPLE_WORKERS: String(workers),
      STIPPLE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The server did not start.');
}

interface Figures {
  requests: number;
  errors: number;
  /** The errors by status, or by the error's code when there was no answer. */
  kinds: Map<string, number>;
  perSecond: number;
  p50: number;
  p99: number;
}

/** A request to send, and what to do with its status once answered. */
type Request3 = [string, RequestInit, ((status: number) => void)?];

/** `USERS` concurrent loops, each sending `next(user)` requests back to back for `SECONDS`. */
async function drive(next: (user: number) => Request3): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  const kinds = new Map<string, number>();
  const failed = (kind: string) => {
    errors++;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  };
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      while (performance.now() < end) {
        const [url, init, answered] = next(user);
        const t = performance.now();
        try {
          const res = await fetch(url, { ...init, redirect: 'manual' });
          await res.arrayBuffer();
          answered?.(res.status);
          if (res.status >= 400 && res.status !== 429) failed(String(res.status));
        } catch (error) {
          const cause = (error as { cause?: { code?: string; name?: string } }).cause;
          failed(`no answer: ${cause?.code ?? cause?.name ?? (error as Error).message}`);
        }
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return {
    requests: times.length,
    errors,
    kinds,
    perSecond: Math.round(times.length / SECONDS),
    p50: at(0.5),
    p99: at(0.99),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-load-'));
const dbPath = path.join(dir, 'load.db');
const setup = await prepare(dbPath);
/** Check attempts recorded per load user (the database is kept from one run to the next). */
const checkAttempts: number[] = new Array<number>(USERS).fill(0);
const template = loadTemplate('crown-whorl')!;
const pattern = naturalPattern(template, seededRng(5));
const draft = JSON.stringify({
  dots: pattern.xs.slice(0, 300).map((x, i) => [x, pattern.ys[i]!, i * 300, template.impressionDiameterMm]),
});

console.log(`bench:load — ${USERS} users × ${SECONDS} s per run, ${os.cpus().length} CPU(s)`);
console.log('run                         workers  requests   req/s   p50 ms   p99 ms  errors');
for (const workers of [1, 2]) {
  const { url, child } = await startServer(dbPath, workers);
  const exited = new Promise((r) => child.once('exit', r));
  let counter = 0;
  const mixed = (user: number): Request3 => {
    const headers = { cookie: setup.cookies[user]!, origin: url };
    const k = counter++ % 10;
    if (k < 4) return [url + setup.lessons[counter % setup.lessons.length]!, { headers }];
    if (k < 6) return [`${url}/learn`, { headers }];
    if (k < 9)
      return [
        `${url}/api/drill/crown-whorl/draft`,
        { method: 'PUT', body: draft, headers: { ...headers, 'content-type': 'application/json' } },
      ];
    return [
      url + setup.checkPath,
      {
        method: 'POST',
        body: setup.checkBody(user, checkAttempts[user]!),
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      },
      // A recorded attempt (not refused by the attempt policy) moves the user to the next draw.
      (status) => {
        if (status < 400) checkAttempts[user]!++;
      },
    ];
  };
  for (const [name, next] of [
    ['baseline: GET /', (): Request3 => [`${url}/`, {}]],
    ['mixed signed-in load', mixed],
  ] as const) {
    const f = await drive(next);
    console.log(
      `${name.padEnd(28)}${String(workers).padStart(7)}${String(f.requests).padStart(10)}${String(f.perSecond).padStart(8)}` +
        `${f.p50.toFixed(1).padStart(9)}${f.p99.toFixed(1).padStart(9)}${String(f.errors).padStart(8)}` +
        (f.errors ? `  (${[...f.kinds].map(([k, n]) => `${k}×${n}`).join(', ')})` : ''),
    );
  }
  child.kill('SIGTERM');
  await exited;
}
fs.rmSync(dir, { recursive: true, force: true });
