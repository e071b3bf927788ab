/**
 * `npm run bench`: how fast the drill score is, each figure beside a baseline measured in
 * the same run on the same machine — a naive all-pairs nearest-neighbour pass, the first
 * thing any scorer must compute — and how cost grows from 2,000 to 20,000 impressions.
 */
import { measurePattern } from '../lib/drill/metrics.ts';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import { loadTemplate } from '../server/templates.ts';
import { runAcademyBench } from './bench-academy.ts';

/** The baseline: every impression's nearest neighbour by comparing all pairs, O(n²). */
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

function timeMedian(
  fn: () => unknown,
  minRuns: number,
  budgetMs: number,
): { median: number; p90: number; runs: number } {
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

/** A template scaled so that natural work at its target spacing has about `n` impressions, and exactly n of them. */
function workload(base: Template, n: number) {
  const spacing = base.targetSpacingMm * Math.sqrt(800 / n) * 0.97;
  const template: Template = { ...base, id: `${base.id}-bench-${n}`, targetSpacingMm: spacing };
  const dots = naturalPattern(template, seededRng(n));
  if (dots.xs.length < n) throw new Error(`pattern too small: ${dots.xs.length} < ${n}`);
  return { template, xs: Float64Array.from(dots.xs.slice(0, n)), ys: Float64Array.from(dots.ys.slice(0, n)) };
}

const base = loadTemplate('frontal-hairline');
if (!base) throw new Error('content/templates/frontal-hairline.json is missing');
const f = (ms: number) => `${ms.toFixed(2)} ms`;

console.log(`Drill scoring benchmark — Node ${process.version}, template ${base.id} (hairline edge on)\n`);
const rows: Array<{ n: number; score: number; naive: number }> = [];
for (const n of [2_000, 5_000, 20_000]) {
  const w = workload(base, n);
  const cold0 = performance.now();
  scoreDrill(w.template, w);
  const cold = performance.now() - cold0;
  const s = timeMedian(() => scoreDrill(w.template, w), 30, 3_000);
  const naive = timeMedian(() => naiveNearestNeighbours(w.xs, w.ys), 5, 3_000);
  rows.push({ n, score: s.median, naive: naive.median });
  console.log(
    `n=${String(n).padStart(6)}  scoreDrill median ${f(s.median).padStart(9)} (p90 ${f(s.p90)}, ${s.runs} runs, first call incl. raster ${f(cold)})` +
      `  | baseline all-pairs NN only: median ${f(naive.median).padStart(10)}  → full score is ${(naive.median / s.median).toFixed(1)}× faster than the baseline's first step`,
  );
}
const small = rows[0]!;
const large = rows[2]!;
const nlogn = (large.n * Math.log2(large.n)) / (small.n * Math.log2(small.n));
console.log(
  `\nGrowth 2,000 → 20,000 impressions: scoreDrill ×${(large.score / small.score).toFixed(1)}` +
    ` (n log n predicts ×${nlogn.toFixed(1)}, n² ×100); baseline all-pairs ×${(large.naive / small.naive).toFixed(1)}`,
);

// Where the time goes at 5,000: the measurement pass against the full score.
const w5 = workload(base, 5_000);
const m = timeMedian(() => measurePattern(w5.template, w5), 30, 2_000);
const s5 = rows[1]!;
console.log(
  `At 5,000: measurements ${f(m.median)} of ${f(s5.score)} total; target under 5 ms median → ${s5.score < 5 ? 'met' : 'NOT met'}`,
);

runAcademyBench();
