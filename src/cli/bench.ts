/**
 * `npm run bench`: how fast the drill score (version 2) is, each figure beside its baseline
 * measured in the same run on the same points: delaunator alone (the triangulation every
 * scorer of this kind needs, the budget is 2× it at 5,000 impressions) and a naive
 * all-pairs nearest-neighbour pass; and how cost grows from 2,000 to 20,000 impressions. Then
 * photo detection of a 12-megapixel photo beside decoding it alone (src/cli/bench-photo.ts).
 * `BENCH_ONLY=academy npm run bench` runs the academy-scale part alone (src/cli/bench-academy.ts,
 * with the serving figures on its large academy); `BENCH_ONLY=serving` only the serving figures
 * (src/cli/bench-serving.ts) on a 2,000-trainee academy; `BENCH_ONLY=scorer` only the scorer table, its
 * growth and the "At 5,000" line (the same code as the full run), then stops.
 */
import Delaunator from 'delaunator';
import { measurePattern } from '../lib/drill/metrics.ts';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import { SCORE_VERSION } from '../lib/drill/scoring-config.ts';
import type { Template } from '../lib/drill/template.ts';
import { loadTemplate } from '../server/templates.ts';
import { runAcademyBench, runServingOnly } from './bench-academy.ts';
import { runAutosaveBench } from './bench-autosave.ts';
import { runClickBench } from './bench-click.ts';
import { runDrillBytesBench } from './bench-drill.ts';
import { runPhotoBench } from './bench-photo.ts';

/** The naive baseline: every impression's nearest neighbour by comparing all pairs, O(n²). */
function naiveNearestNeighbours(xs: Float64Array, ys: Float64Array): Float64Array {
  const n = xs.length;
  const nn = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const dx = xs[i]! - xs[j]!;
      const dy = ys[i]! - ys[j]!;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d < nn[i]!) nn[i] = d;
      if (d < nn[j]!) nn[j] = d;
    }
  return nn;
}

let lastDelaunator: Delaunator<Float64Array> | null = null;

/**
 * Delaunator alone on the same points, from the same typed arrays the scorer gets. Like the
 * scorer (`triangulate` with `reuse`), it keeps its instance and calls delaunator's own
 * `update()` when the number of points is unchanged, so both sides of the ratio reuse the same way.
 */
function delaunatorOnly(xs: Float64Array, ys: Float64Array): number {
  const n = xs.length;
  const d = lastDelaunator && lastDelaunator.coords.length === 2 * n ? lastDelaunator : null;
  const coords = d ? d.coords : new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    coords[2 * i] = xs[i]!;
    coords[2 * i + 1] = ys[i]!;
  }
  if (d) {
    d.update();
    return d.triangles.length;
  }
  lastDelaunator = new Delaunator(coords);
  return lastDelaunator.triangles.length;
}

function timeMedian(fn: () => unknown, minRuns: number, budgetMs: number) {
  for (let i = 0; i < Math.min(10, minRuns); i++) fn(); // warm up the JIT and caches
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1]!, p90: times[Math.floor(times.length * 0.9)]!, runs: times.length };
}

/** CPU time (user + system, ms, all threads of the process: GC included) and wall time of one call. */
function measureOnce(fn: () => unknown): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall };
}

/**
 * Times `a` and `b` alternately, call for call on the same points, warm: CPU time per call
 * (what the call costs, whatever else the machine runs) and wall time; medians of each and
 * the median of the call-by-call CPU ratios.
 */
function timePair(a: () => unknown, b: () => unknown, minRuns: number, budgetMs: number) {
  for (let i = 0; i < 20; i++) {
    a();
    b();
  }
  const ca: number[] = [];
  const cb: number[] = [];
  const wa: number[] = [];
  const wb: number[] = [];
  const ratios: number[] = [];
  const start = performance.now();
  while (ca.length < minRuns || (performance.now() - start < budgetMs && ca.length < 1000)) {
    const x = measureOnce(a);
    const y = measureOnce(b);
    ca.push(x.cpu);
    cb.push(y.cpu);
    wa.push(x.wall);
    wb.push(y.wall);
    if (y.cpu > 0) ratios.push(x.cpu / y.cpu);
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1]!;
  return { a: med(ca), b: med(cb), wallA: med(wa), wallB: med(wb), ratio: med(ratios), runs: ca.length };
}

/** A template scaled so that natural work at its target spacing has about `n` impressions, and exactly n of them. */
function workload(base: Template, n: number) {
  const spacing = base.targetSpacingMm * Math.sqrt(800 / n) * 0.97;
  const template: Template = { ...base, id: `${base.id}-bench-${n}`, targetSpacingMm: spacing };
  const dots = naturalPattern(template, seededRng(n));
  if (dots.xs.length < n) throw new Error(`pattern too small: ${dots.xs.length} < ${n}`);
  return { template, xs: Float64Array.from(dots.xs.slice(0, n)), ys: Float64Array.from(dots.ys.slice(0, n)) };
}

if (process.env.BENCH_ONLY === 'academy') {
  await runAcademyBench();
  process.exit(0);
}
// `BENCH_ONLY=serving npm run bench`: only the page rates, /academy latency and RSS figures.
if (process.env.BENCH_ONLY === 'serving') {
  await runServingOnly();
  process.exit(0);
}

const base = loadTemplate('frontal-hairline');
if (!base) throw new Error('content/templates/frontal-hairline.json is missing');
const f = (ms: number) => `${ms.toFixed(2)} ms`;

console.log(
  `Drill scoring benchmark (score v${SCORE_VERSION}) — Node ${process.version}, template ${base.id} (hairline edge on), warm medians of CPU time per call\n`,
);
const rows: Array<{ n: number; score: number; delaunay: number; ratio: number; naive: number }> = [];
for (const n of [2_000, 5_000, 20_000]) {
  const w = workload(base, n);
  const cold0 = performance.now();
  scoreDrill(w.template, w);
  const cold = performance.now() - cold0;
  // Interleave the two so both see the same machine state.
  const p = timePair(
    () => scoreDrill(w.template, w),
    () => delaunatorOnly(w.xs, w.ys),
    60,
    n > 5_000 ? 6_000 : 4_000,
  );
  const naive = timeMedian(() => naiveNearestNeighbours(w.xs, w.ys), 3, n > 5_000 ? 1_000 : 2_000);
  rows.push({ n, score: p.a, delaunay: p.b, ratio: p.ratio, naive: naive.median });
  console.log(
    `n=${String(n).padStart(6)}  scoreDrill ${f(p.a).padStart(9)} CPU (wall ${f(p.wallA)}; ${p.runs} runs; first call incl. raster ${f(cold)})` +
      `  | delaunator alone ${f(p.b).padStart(9)} CPU (wall ${f(p.wallB)}) → ratio ${p.ratio.toFixed(2)}× (median of call-by-call CPU ratios)` +
      `  | all-pairs NN ${f(naive.median).padStart(10)} wall`,
  );
}
const small = rows[0]!;
const large = rows[2]!;
const nlogn = (large.n * Math.log2(large.n)) / (small.n * Math.log2(small.n));
console.log(
  `\nGrowth 2,000 → 20,000 impressions (CPU): scoreDrill ×${(large.score / small.score).toFixed(1)}, delaunator ×${(large.delaunay / small.delaunay).toFixed(1)}` +
    ` (n log n predicts ×${nlogn.toFixed(1)}, n² ×100); all-pairs ×${(large.naive / small.naive).toFixed(1)}`,
);
const w5 = workload(base, 5_000);
const m = timeMedian(() => measurePattern(w5.template, w5), 30, 2_000);
const r5 = rows[1]!;
console.log(
  `At 5,000: measurePattern alone ${f(m.median)} wall; budget 2× delaunator → ${r5.ratio <= 2 ? 'met' : 'NOT met'} (CPU ratio ${r5.ratio.toFixed(2)}×)`,
);

if (process.env.BENCH_ONLY === 'scorer') process.exit(0);

runDrillBytesBench();
runAutosaveBench();
await runClickBench();
await runAcademyBench();
await runPhotoBench();
