/**
 * A brute-force check of the scorer's nearest-neighbour step. The scorer finds each
 * impression's nearest neighbour along the edges of one Delaunay triangulation, and by a
 * sweep over sorted x for the impressions the triangulation leaves out (duplicates, all on
 * one line). Here every nearest-neighbour distance is recomputed over all pairs, O(n²),
 * and what `measurePattern` reports from that step must agree with it: the median, mean
 * and spread of the distances (over interior impressions, as documented), the impressions
 * closer than CLOSE_FACTOR × spacing, the pairs it names, and the overlaps.
 *
 * The kernel itself (`triangulate` in triangulation.ts) has its own test in kernels.test.ts;
 * this check goes through `measurePattern`, so the statistics built on it are covered too.
 */
import { describe, expect, it } from 'vitest';
import {
  classify,
  CLOSE_FACTOR,
  measurePattern,
  templateRaster,
  type PatternInput,
} from '../../../src/lib/drill/metrics.ts';
import * as P from '../../../src/lib/drill/patterns.ts';
import { cellIndex } from '../../../src/lib/drill/raster.ts';
import type { Template } from '../../../src/lib/drill/template.ts';
import { allTemplates } from '../../support/templates.ts';

/** Relative tolerance: the scorer and the brute force may round √(dx² + dy²) differently in the last bit. */
const EPS = 1e-12;

interface BruteForce {
  /** Caller indices of the impressions inside the area, in order. */
  insideIds: number[];
  /** Nearest-neighbour distance of each inside impression among the inside ones (Infinity when alone). */
  nn: Float64Array;
  /** The distances the statistics are taken over: interior impressions when at least 10, else all. */
  statDistances: number[];
}

/** Every nearest-neighbour distance by comparing every pair of inside impressions. */
function bruteForce(t: Template, input: PatternInput): BruteForce {
  const raster = templateRaster(t);
  // Scored impressions: in the area, or on its line within the tolerances (score v2's `classify`).
  const insideIds = classify(raster, { region: t.region, holes: t.holes }, input.xs, input.ys).scored;
  const n = insideIds.length;
  const x = insideIds.map((i) => input.xs[i]!);
  const y = insideIds.map((i) => input.ys[i]!);
  const nn = new Float64Array(n).fill(Infinity);
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const d = Math.sqrt((x[b]! - x[a]!) ** 2 + (y[b]! - y[a]!) ** 2);
      if (d < nn[a]!) nn[a] = d;
      if (d < nn[b]!) nn[b] = d;
    }
  // Interior: at least one target spacing from any boundary of the area (the documented rule).
  const s = t.targetSpacingMm;
  const interior: number[] = [];
  for (let k = 0; k < n; k++)
    if (n > 1 && raster.boundaryDistance[cellIndex(raster, x[k]!, y[k]!)]! >= s) interior.push(nn[k]!);
  const statDistances = interior.length >= 10 ? interior : n > 1 ? [...nn] : [];
  return { insideIds, nn, statDistances };
}

function medianOf(values: number[]): number {
  if (!values.length) return 0;
  const a = [...values].sort((p, q) => p - q);
  const h = a.length >> 1;
  return a.length % 2 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    EPS * Math.max(1, Math.abs(expected)),
  );
}

/** Runs the scorer and the brute force on one pattern and compares everything the nearest-neighbour step decides. */
function compare(t: Template, input: PatternInput): void {
  const m = measurePattern(t, input);
  const bf = bruteForce(t, input);
  const s = t.targetSpacingMm;
  const n = bf.insideIds.length;
  expect(m.inside).toBe(n);

  // Statistics over the nearest-neighbour distances.
  const d = bf.statDistances;
  const mean = d.length ? d.reduce((a, b) => a + b, 0) / d.length : 0;
  const sd = d.length ? Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length) : 0;
  expectClose(m.nnMeanMm, mean, 'mean nearest-neighbour distance');
  expectClose(m.nnMedianMm, medianOf(d), 'median nearest-neighbour distance');
  expect(Math.abs(m.nnCv - (mean > 0 ? sd / mean : 0))).toBeLessThanOrEqual(1e-9);

  // Close impressions: no distance may sit on the threshold, or the comparison would be undecidable.
  const limit = CLOSE_FACTOR * s;
  for (const v of bf.nn) expect(Math.abs(v - limit)).toBeGreaterThan(1e-9);
  const close = new Set<number>();
  bf.nn.forEach((v, k) => v < limit && close.add(bf.insideIds[k]!));
  expect(m.closeCount).toBe(close.size);

  // Each named pair joins a close impression to a nearest neighbour of it; every close impression is named.
  const nnOf = new Map(bf.insideIds.map((id, k) => [id, bf.nn[k]!]));
  const named = new Set<number>();
  for (const [a, b] of m.closePairs) {
    expect(a).not.toBe(b);
    expect(close.has(a), `pair (${a}, ${b}) starts at an impression that is not close`).toBe(true);
    expectClose(Math.hypot(input.xs[b]! - input.xs[a]!, input.ys[b]! - input.ys[a]!), nnOf.get(a)!, `pair ${a}–${b}`);
    named.add(a).add(b);
  }
  for (const id of close) expect(named.has(id), `close impression ${id} is in no pair`).toBe(true);

  // Overlaps: all impressions have the template's diameter here, so the nearest one decides.
  const dia = t.impressionDiameterMm;
  for (const v of bf.nn) expect(Math.abs(v - dia)).toBeGreaterThan(1e-9);
  expect(m.overlapCount).toBe([...bf.nn].filter((v) => v < dia).length);
}

/** The pattern plus exact copies of some of its impressions (every `every`-th, `copies` times each). */
function withDuplicates(p: P.Dots, every: number, copies: number): P.Dots {
  const xs = [...p.xs];
  const ys = [...p.ys];
  for (let i = 0; i < p.xs.length; i += every)
    for (let c = 0; c < copies; c++) {
      xs.push(p.xs[i]!);
      ys.push(p.ys[i]!);
    }
  return { xs, ys };
}

/** `count` impressions on the segment from (x0, y0) to (x1, y1) at random positions (so uneven gaps). */
function onLine(count: number, x0: number, y0: number, x1: number, y1: number, rng: P.Rng): P.Dots {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = rng();
    xs.push(x0 + u * (x1 - x0));
    ys.push(y0 + u * (y1 - y0));
  }
  return { xs, ys };
}

/** A horizontal and a diagonal line through the middle of the template's bounding box. */
function lines(t: Template) {
  const xs = t.region.map((p) => p[0]);
  const ys = t.region.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const midY = (minY + maxY) / 2;
  return {
    horizontal: [minX, midY, maxX, midY] as const,
    diagonal: [minX, minY, maxX, maxY] as const,
  };
}

const templates = allTemplates();

describe.each(templates.map((t) => [t.id, t] as const))('nearest neighbours on %s agree with all pairs', (_, t) => {
  const rng = (seed: number) => P.seededRng(seed);
  // Natural work is the slowest pattern to generate: made once per template, then reused.
  let naturalCache: P.Dots | null = null;
  const natural = () => (naturalCache ??= P.naturalPattern(t, rng(5)));

  it('on seeded uniform random impressions, few and many', () => {
    for (const [count, seed] of [
      [12, 1],
      [60, 2],
      [400, 3],
      [2500, 4],
    ] as const)
      compare(t, P.uniformRandom(t, count, rng(seed)));
  });

  it('on natural work, clumps and rows', () => {
    compare(t, natural());
    compare(t, P.clustered(t, 800, 12, 0.4 * t.targetSpacingMm, rng(6)));
    compare(t, P.rows(t, rng(7)));
  });

  it('on square, hexagonal and jittered grids (many equal distances, co-circular points)', () => {
    compare(t, P.squareGrid(t, rng(8)));
    compare(t, P.hexGrid(t, rng(9)));
    compare(t, P.squareGrid(t, rng(10), 0.125));
  });

  it('on patterns with impressions placed twice', () => {
    const base = natural();
    compare(t, withDuplicates(base, 7, 1)); // some doubled
    compare(t, withDuplicates(base, 1, 1)); // every impression doubled: all distances 0
    compare(t, withDuplicates(P.squareGrid(t, rng(12)), 5, 1));
  });

  // Was a bug (the kept copy of a spot placed 3+ times kept its Delaunay neighbour instead
  // of 0); fixed by `samePlace` in src/lib/drill/triangulation.ts.
  it('on patterns with impressions placed three and four times', () => {
    const base = natural();
    compare(t, withDuplicates(base, 13, 3)); // some placed four times
    compare(t, withDuplicates(P.squareGrid(t, rng(12)), 5, 2)); // some placed three times
  });

  it('on impressions all on one line, with and without duplicates', () => {
    const { horizontal, diagonal } = lines(t);
    compare(t, onLine(40, ...horizontal, rng(13)));
    compare(t, onLine(300, ...diagonal, rng(14)));
    compare(t, withDuplicates(onLine(80, ...horizontal, rng(15)), 4, 1));
    // A line plus one impression off it: the triangulation exists but is a thin fan.
    const line = onLine(60, ...horizontal, rng(16));
    const inside = natural();
    compare(t, { xs: [...line.xs, inside.xs[0]!], ys: [...line.ys, inside.ys[0]!] });
  });

  it('on one, two and three impressions, and on a single impression placed many times', () => {
    const p = natural();
    for (const k of [1, 2, 3]) compare(t, { xs: p.xs.slice(0, k), ys: p.ys.slice(0, k) });
    compare(t, { xs: Array(25).fill(p.xs[0]), ys: Array(25).fill(p.ys[0]) });
  });
});

describe('the brute-force reference', () => {
  it('is itself right on a hand-made pattern', () => {
    const t = templates.find((x) => x.id === 'crown-whorl')!;
    const cx = t.width / 2;
    const cy = t.height / 2;
    // Nearest distances: 1, 1, 3 (and the lone duplicate pair 0, 0).
    const input = { xs: [cx, cx + 1, cx + 4, cx - 3, cx - 3], ys: [cy, cy, cy, cy + 5, cy + 5] };
    const bf = bruteForce(t, input);
    expect(bf.insideIds).toEqual([0, 1, 2, 3, 4]);
    expect([...bf.nn]).toEqual([1, 1, 3, 0, 0]);
  });
});
