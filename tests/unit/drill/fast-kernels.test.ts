/**
 * Faster kernels against the plain references they replaced, to the bit. The coverage kernel (impressions bucketed by cell, each cell searching the cells around it)
 * against the plain reference it replaced: every impression splatting its squared distance
 * over the square of cells it reaches. Both must find the same bare cells and gaps, to the bit.
 */
import { describe, expect, it } from 'vitest';
import { coverage, EDGE_BAND, UNCOVERED_FACTOR, UNCOVERED_FACTOR_AT_EDGE } from '../../../src/lib/drill/coverage.ts';
import { pointInRing, pointInRingFast } from '../../../src/lib/drill/geometry.ts';
import { templateRaster } from '../../../src/lib/drill/metrics.ts';
import * as P from '../../../src/lib/drill/patterns.ts';
import type { AreaRaster } from '../../../src/lib/drill/raster.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { allTemplates } from '../../support/templates.ts';

/** The splatting reference: squared distances per cell (float32), then bare cells and their groups. */
function reference(raster: AreaRaster, px: Float64Array, py: Float64Array, s: number) {
  const { cell, cols, rows, mask, edgeDistance } = raster;
  const reachEdge = UNCOVERED_FACTOR_AT_EDGE * s;
  const reach = UNCOVERED_FACTOR * s;
  const dist2 = new Float32Array(cols * rows).fill(Infinity);
  for (let k = 0; k < px.length; k++) {
    const x = px[k]!;
    const y = py[k]!;
    const ci =
      Math.min(rows - 1, Math.max(0, Math.floor(y / cell))) * cols +
      Math.min(cols - 1, Math.max(0, Math.floor(x / cell)));
    const r = edgeDistance[ci]! < EDGE_BAND * s + reachEdge + cell ? reachEdge : reach;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    const span = Math.ceil(r / cell);
    for (let row = Math.max(0, cy - span); row <= Math.min(rows - 1, cy + span); row++) {
      const dy = (row + 0.5) * cell - y;
      if (dy * dy > r * r) continue;
      for (let c = Math.max(0, cx - span); c <= Math.min(cols - 1, cx + span); c++) {
        const dx = (c + 0.5) * cell - x;
        const dd = dx * dx + dy * dy;
        if (dd < dist2[row * cols + c]!) dist2[row * cols + c] = dd;
      }
    }
  }
  const bare: number[] = [];
  for (let i = 0; i < mask.length; i++)
    if (mask[i] && dist2[i]! > (edgeDistance[i]! < EDGE_BAND * s ? reachEdge * reachEdge : reach * reach)) bare.push(i);
  return { bare, dist2 };
}

describe('coverage kernel', () => {
  it('finds exactly the bare share and gaps of the splatting reference, on every template', { timeout: 60_000 }, () => {
    let checked = 0;
    for (const t of allTemplates())
      for (const [name, make] of [
        ['natural', (r: () => number) => P.naturalPattern(t, r)],
        ['sparse', (r: () => number) => P.sparse(t, 2, r)],
        ['half covered', (r: () => number) => P.halfCovered(t, r)],
        ['bare patch', (r: () => number) => V.barePatch(t, r)],
        ['spill', (r: () => number) => V.spill(t, r)],
        ['clustered', (r: () => number) => P.clustered(t, 300, 10, 2, r)],
      ] as const)
        for (let seed = 1; seed <= 2; seed++) {
          const d = make(P.seededRng(seed));
          // Some impressions pushed off the canvas: they reach cells from outside the grid.
          const px = Float64Array.from(d.xs, (x, i) => (i % 97 === 5 ? -0.4 : i % 89 === 7 ? t.width + 0.3 : x));
          const py = Float64Array.from(d.ys);
          const raster = templateRaster(t);
          const s = t.targetSpacingMm;
          const ref = reference(raster, px, py, s);
          const got = coverage(raster, px, py, s);
          expect(got.uncoveredFraction, `${t.id} ${name} ${seed}`).toBe(
            raster.areaCells ? ref.bare.length / raster.areaCells : 1,
          );
          for (const g of got.gaps) {
            const i = Math.floor(g.y / raster.cell) * raster.cols + Math.floor(g.x / raster.cell);
            expect(ref.bare).toContain(i);
            if (Number.isFinite(ref.dist2[i]!)) expect(g.r).toBe(Math.sqrt(ref.dist2[i]!));
          }
          checked++;
        }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('point in ring by bands', () => {
  it(
    'answers as the plain crossing test on every ring of every template, on and off its vertices and edges',
    { timeout: 60_000 },
    () => {
      const rng = P.seededRng(11);
      let tests = 0;
      for (const t of allTemplates())
        for (const ring of [t.region, ...t.holes]) {
          const probes: Array<[number, number]> = [];
          for (let k = 0; k < 3000; k++) probes.push([rng() * (t.width + 4) - 2, rng() * (t.height + 4) - 2]);
          for (let i = 0; i < ring.length; i++) {
            const a = ring[i]!;
            const b = ring[(i + 1) % ring.length]!;
            probes.push([a[0], a[1]], [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], [a[0] + 1e-9, a[1] - 1e-9]);
          }
          probes.push([10, NaN], [NaN, 10], [10, -1e9], [10, 1e9]);
          for (const [x, y] of probes) expect(pointInRingFast(x, y, ring)).toBe(pointInRing(x, y, ring));
          tests += probes.length;
        }
      expect(tests).toBeGreaterThan(10_000);
    },
  );
});
