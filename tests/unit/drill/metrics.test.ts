import { describe, expect, it } from 'vitest';
import { measurePattern } from '../../../src/lib/drill/metrics.ts';
import * as P from '../../../src/lib/drill/patterns.ts';
import { template } from '../../support/templates.ts';

const crown = template('crown-whorl');
const frontal = template('frontal-hairline');
const s = crown.targetSpacingMm;
const rng = () => P.seededRng(2026);

describe('nearest-neighbour statistics', () => {
  it('reads a natural (Poisson-disk) pattern as evenly spaced at the target', () => {
    const m = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(m.nnMedianMm / s).toBeGreaterThan(0.9);
    expect(m.nnMedianMm / s).toBeLessThan(1.1);
    expect(m.clarkEvansR).toBeGreaterThan(1.6); // design table: 1.72
    expect(m.clarkEvansR).toBeLessThan(1.85);
    expect(m.nnCv).toBeLessThan(0.12);
    expect(m.closeCount).toBe(0);
  });

  it('reads uniform random placement as R ≈ 1 with many close pairs', () => {
    const m = measurePattern(crown, P.uniformRandom(crown, 600, rng()));
    expect(m.clarkEvansR).toBeGreaterThan(0.9);
    expect(m.clarkEvansR).toBeLessThan(1.1);
    expect(m.nnCv).toBeGreaterThan(0.4);
    expect(m.closeCount / m.inside).toBeGreaterThan(0.4);
    expect(m.closePairs.length).toBeGreaterThan(100);
  });

  it('reads a clustered pattern as R well below 1', () => {
    const m = measurePattern(crown, P.clustered(crown, 600, 25, 1.2 * s, rng()));
    expect(m.clarkEvansR).toBeLessThan(0.8);
    expect(m.quadratVmr).toBeGreaterThan(4);
  });

  it('counts exact duplicates as touching, not as missing', () => {
    const base = P.naturalPattern(crown, rng());
    const xs = [...base.xs, base.xs[0]!, base.xs[1]!];
    const ys = [...base.ys, base.ys[0]!, base.ys[1]!];
    const m = measurePattern(crown, { xs, ys });
    expect(m.closeCount).toBeGreaterThanOrEqual(4);
    expect(m.overlapCount).toBeGreaterThanOrEqual(4);
  });
});

describe('orientational order and rows', () => {
  it('gives ψ4 ≈ 1 for a square grid, ψ6 ≈ 1 for a hex grid, both ≈ 0 for natural work', () => {
    const sq = measurePattern(crown, P.squareGrid(crown, rng()));
    const hx = measurePattern(crown, P.hexGrid(crown, rng()));
    const nat = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(sq.psi4).toBeGreaterThan(0.95);
    expect(hx.psi6).toBeGreaterThan(0.95);
    expect(nat.psi4).toBeLessThan(0.15);
    expect(nat.psi6).toBeLessThan(0.15);
  });

  it('still sees the lattice in a grid jittered by ±12.5 %, where R and CV alone cannot', () => {
    const j = measurePattern(crown, P.squareGrid(crown, rng(), 0.125));
    const nat = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(Math.abs(j.clarkEvansR - nat.clarkEvansR)).toBeLessThan(0.15);
    expect(Math.abs(j.nnCv - nat.nnCv)).toBeLessThan(0.05);
    expect(j.psi4).toBeGreaterThan(0.8);
  });

  it('finds rows: high anisotropy and most impressions in straight runs', () => {
    const r = measurePattern(crown, P.rows(crown, rng()));
    expect(r.anisotropy).toBeGreaterThan(0.8);
    expect(r.runFraction).toBeGreaterThan(0.9);
    const run = r.runs[0]!;
    expect(run.length).toBeGreaterThanOrEqual(5);
  });

  it('flags a short drawn line inside otherwise natural work as a run', () => {
    const nat = P.naturalPattern(crown, rng());
    // Clear a strip and draw 10 impressions in a straight line across it at the target pitch.
    const keep = nat.ys.map((y) => Math.abs(y - 50) > s);
    const xs = nat.xs.filter((_, i) => keep[i]);
    const ys = nat.ys.filter((_, i) => keep[i]);
    const line = Array.from({ length: 10 }, (_, k) => 30 + k * s);
    const m = measurePattern(crown, { xs: [...xs, ...line], ys: [...ys, ...line.map(() => 50)] });
    const lineIds = new Set(line.map((_, k) => xs.length + k));
    const found = m.runs.find((run) => run.filter((i) => lineIds.has(i)).length >= 8);
    expect(found).toBeDefined();
  });

  it('finds few runs in natural work', () => {
    const nat = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(nat.runFraction).toBeLessThan(0.05);
    expect(nat.anisotropy).toBeLessThan(0.12);
  });
});

describe('coverage', () => {
  it('finds no bare skin in natural work and density ≈ 1', () => {
    const m = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(m.densityRatio).toBeGreaterThan(0.9);
    expect(m.densityRatio).toBeLessThan(1.1);
    expect(m.uncoveredFraction).toBeLessThan(0.01);
    expect(m.gaps).toEqual([]);
  });

  it('finds the bare half of half-covered work as one large gap on the right', () => {
    const m = measurePattern(crown, P.halfCovered(crown, rng()));
    expect(m.densityRatio).toBeLessThan(0.6);
    expect(m.uncoveredFraction).toBeGreaterThan(0.4);
    expect(m.gaps[0]!.x).toBeGreaterThan(50);
    expect(m.gaps[0]!.r).toBeGreaterThan(10);
  });

  it('finds a hole punched into natural work where it was punched', () => {
    const nat = P.naturalPattern(crown, rng());
    const keep = nat.xs.map((x, i) => Math.hypot(x - 30, nat.ys[i]! - 50) > 6);
    const m = measurePattern(crown, { xs: nat.xs.filter((_, i) => keep[i]), ys: nat.ys.filter((_, i) => keep[i]) });
    expect(m.gaps.length).toBeGreaterThanOrEqual(1);
    const g = m.gaps[0]!;
    expect(Math.hypot(g.x - 30, g.y - 50)).toBeLessThan(3);
    expect(g.r).toBeGreaterThan(4);
    expect(g.r).toBeLessThan(9);
  });

  it('counts impressions outside the area or inside a hole', () => {
    const scar = template('scar-patch');
    const m = measurePattern(scar, { xs: [45, 58, 1], ys: [25, 25, 1] });
    expect(m.inside).toBe(1);
    expect(m.outside).toEqual([1, 2]);
  });
});

describe('hairline edge', () => {
  it('sees a soft fade in softened work and none in uniform work', () => {
    const soft = measurePattern(frontal, P.naturalWithSoftEdge(frontal, rng()));
    const flat = measurePattern(frontal, P.naturalPattern(frontal, rng()));
    expect(soft.edgeFadeRatio!).toBeGreaterThan(0.35);
    expect(soft.edgeFadeRatio!).toBeLessThan(0.75);
    expect(flat.edgeFadeRatio!).toBeGreaterThan(0.85);
    expect(soft.edgeIrregularity!).toBeGreaterThan(flat.edgeIrregularity!);
    expect(soft.edgeFront.length).toBeGreaterThan(20);
  });

  it('has no edge measurements on templates without a hairline', () => {
    const m = measurePattern(crown, P.naturalPattern(crown, rng()));
    expect(m.edgeFadeRatio).toBeNull();
    expect(m.edgeIrregularity).toBeNull();
  });
});

describe('degenerate input', () => {
  it('handles all impressions on one line without crashing', () => {
    const xs = Array.from({ length: 200 }, (_, i) => 15 + i * 0.35);
    const ys = xs.map(() => 50);
    const m = measurePattern(crown, { xs, ys });
    expect(m.inside).toBe(200);
    expect(m.nnMedianMm).toBeCloseTo(0.35, 5);
    expect(Number.isFinite(m.clarkEvansR)).toBe(true);
  });

  it('handles empty, single and identical impressions', () => {
    expect(measurePattern(crown, { xs: [], ys: [] }).inside).toBe(0);
    expect(measurePattern(crown, { xs: [50], ys: [50] }).nnMedianMm).toBe(0);
    const same = measurePattern(crown, { xs: [50, 50, 50], ys: [50, 50, 50] });
    expect(same.closeCount).toBe(3);
  });
});
