/**
 * The warm-up part of `npm run bench` (serving section): the first submissions a fresh server
 * scores, with the start's warm-up (template rasters from the build, the scorer run at start)
 * beside the same server started without it (`STIPPLE_WARMUP=off`), in the same run.
 */
import { spawn } from 'node:child_process';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { loadTemplate } from '../server/templates.ts';
import { client, freePort } from './bench-serving.ts';

/** Times of the first three submissions (ms) on a fresh server, warm-up on or off. */
async function firstSubmits(dbFile: string, email: string, start: string, warm: boolean): Promise<number[]> {
  const port = await freePort();
  const child = spawn(process.execPath, [start], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STIPPLE_DB: dbFile,
      STIPPLE_SEED: 'none',
      STIPPLE_JOBS: 'off',
      ...(warm ? {} : { STIPPLE_WARMUP: 'off' }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    // Ready: listening, and (with the warm-up) warmed.
    while (!out.includes('Stipple is serving') || (warm && !out.includes('scorer warmed'))) {
      if (Date.now() > deadline) throw new Error('the server did not start or warm up');
      await new Promise((r) => setTimeout(r, 100));
    }
    const trainee = client(base);
    await trainee.login(email);
    const template = loadTemplate('frontal-hairline')!;
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const p = naturalPattern(template, seededRng(100 + k + (warm ? 10 : 0)));
      const dots = p.xs.map((x, i) => [Math.round(x * 1000) / 1000, Math.round(p.ys[i]! * 1000) / 1000, i * 500, 0.3]);
      const t0 = performance.now();
      const res = await fetch(`${base}/api/drill/frontal-hairline/submit`, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'application/json', cookie: trainee.cookie() },
        body: JSON.stringify({ dots }),
      });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (!res.ok) throw new Error(`submit answered ${res.status}`);
    }
    return times;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** Prints the first submissions' times with and without the start's warm-up. */
export async function runWarmupBench(dbFile: string, email: string, start: string): Promise<void> {
  const cold = await firstSubmits(dbFile, email, start, false);
  const warm = await firstSubmits(dbFile, email, start, true);
  const f = (xs: number[]) => xs.map((x) => `${x.toFixed(0)} ms`).join(', ');
  console.log(
    `  first 3 submissions (frontal hairline, a natural canvas each) on a fresh server: ` +
      `without warm-up ${f(cold)} | with rasters from the build and the scorer warmed at start ${f(warm)}`,
  );
}
