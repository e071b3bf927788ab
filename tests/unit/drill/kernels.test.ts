/** Each kernel of the measurement pipeline on its own (issue 9: the metrics split along its steps). */
import { describe, expect, it } from 'vitest';
import { chainBend, chains, ROW_RULE, TRACK_RULE } from '../../../src/lib/drill/chains.ts';
import { chamferDepth, emptyCircles, markedDepth } from '../../../src/lib/drill/coverage.ts';
import { hairline } from '../../../src/lib/drill/hairline.ts';
import { classify, judgedCells, onEarlierWork, templateRaster } from '../../../src/lib/drill/metrics.ts';
import { nnAnisotropy, orderSums, type OrderSink } from '../../../src/lib/drill/order.ts';
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreVersionLabel } from '../../../src/lib/drill/scoring-config.ts';
import {
  DEFAULT_SESSION_PLANS,
  sessionPlan,
  sessionTarget,
  templateForSession,
} from '../../../src/lib/drill/sessions.ts';
import { parseTemplate } from '../../../src/lib/drill/template.ts';
import { median, nearestBySweep, triangulate, type Triangulation } from '../../../src/lib/drill/triangulation.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { densityWindows, orderWindows, summedArea, windowSum } from '../../../src/lib/drill/windows.ts';
import { template } from '../../support/templates.ts';

const crown = template('crown-whorl');
const frontal = template('frontal-hairline');
const cols = (d: P.Dots) => ({ px: Float64Array.from(d.xs), py: Float64Array.from(d.ys) });

describe('triangulate: nearest neighbours', () => {
  it('agrees with a brute-force all-pairs search on natural, random and clumped work', () => {
    for (const d of [
      P.naturalPattern(crown, P.seededRng(1)),
      P.uniformRandom(crown, 700, P.seededRng(2)),
      P.clustered(crown, 500, 10, 1, P.seededRng(3)),
    ]) {
      const { px, py } = cols(d);
      const { nn } = triangulate(px, py);
      for (let i = 0; i < px.length; i++) {
        let best = Infinity;
        for (let j = 0; j < px.length; j++)
          if (j !== i) best = Math.min(best, Math.hypot(px[i]! - px[j]!, py[i]! - py[j]!));
        expect(nn[i]).toBeCloseTo(best, 9);
      }
    }
  });

  it('finds neighbours of duplicates and collinear points with the sweep, quickly for a pile', () => {
    const { px, py } = cols(V.identical(crown, 5000));
    const t0 = performance.now();
    const { nn, nnIdx } = triangulate(px, py);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(Array.from(nn).every((d) => d === 0)).toBe(true);
    expect(Array.from(nnIdx).every((j) => j >= 0)).toBe(true);
    const line = { xs: [0, 1, 3, 6], ys: [0, 0, 0, 0] };
    const nn2 = new Float64Array(4).fill(Infinity);
    const idx2 = new Int32Array(4).fill(-1);
    nearestBySweep(Float64Array.from(line.xs), Float64Array.from(line.ys), [0, 1, 2, 3], nn2, idx2);
    expect(Array.from(nn2)).toEqual([1, 1, 2, 3]);
  });

  it('takes the median of odd and even lists', () => {
    expect(median(Float64Array.from([3, 1, 2]))).toBe(2);
    expect(median(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(median(new Float64Array(0))).toBe(0);
  });
});

/** ψ4, ψ6 and per-raster-cell sums (blocks of one cell) over every edge of `tri` within `limit`. */
function orderOver(tri: Triangulation, limit: number, raster: ReturnType<typeof templateRaster>) {
  const size = raster.mask.length;
  const cells = {
    c4: new Float32Array(size),
    s4: new Float32Array(size),
    c6: new Float32Array(size),
    s6: new Float32Array(size),
    count: new Float32Array(size),
  };
  const sink: OrderSink = {
    limit,
    grid: { cell: raster.cell, cols: raster.cols, rows: raster.rows, block: 1, blockCols: raster.cols },
    cells,
  };
  orderSums(
    sink,
    Int32Array.from({ length: tri.edgeCount }, (_, k) => k),
    tri.edgeCount,
    tri,
  );
  const bonds = sink.bonds!;
  return {
    psi4: bonds ? Math.hypot(sink.c4!, sink.s4!) / bonds : 0,
    psi6: bonds ? Math.hypot(sink.c6!, sink.s6!) / bonds : 0,
    bonds,
    cells,
  };
}

describe('order: ψ4, ψ6, anisotropy, per cell', () => {
  it('reads a square lattice as ψ4 ≈ 1 and sums bonds into the cells', () => {
    const { px, py } = cols(P.squareGrid(crown, P.seededRng(1)));
    const tri = triangulate(px, py);
    const raster = templateRaster(crown);
    const o = orderOver(tri, 1.3 * 2.95, raster);
    expect(o.psi4).toBeGreaterThan(0.95);
    expect(o.cells.count.reduce((a, b) => a + b, 0)).toBe(o.bonds);
    expect(nnAnisotropy(px, py, tri.nn, tri.nnIdx)).toBeLessThan(0.5);
  });
});

describe('chains: rows and tracks', () => {
  it('finds a straight row as a row, and an arc as a track but not a row', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    // a row
    for (let k = 0; k < 12; k++) {
      xs.push(10 + 2.5 * k);
      ys.push(10);
    }
    for (let k = 0; k < 14; k++) {
      const a = (k * 2.5) / 10; // an arc of radius 10, pitch 2.5 mm
      xs.push(50 + 10 * Math.cos(a));
      ys.push(60 + 10 * Math.sin(a));
    }
    const { px, py } = cols({ xs, ys });
    const tri = triangulate(px, py);
    const rows = chains(px.length, tri, 3.3, ROW_RULE);
    const tracks = chains(px.length, tri, 3.3, TRACK_RULE);
    expect(rows.some((r) => r.length === 12 && r.every((i) => i < 12))).toBe(true);
    const arc = tracks.find((r) => r.every((i) => i >= 12))!;
    expect(arc.length).toBeGreaterThanOrEqual(13);
    expect(chainBend(arc, px, py)).toBeGreaterThan(0.02);
    expect(rows.some((r) => r.filter((i) => i >= 12).length >= 8)).toBe(false);
  });
});

describe('coverage: empty circles', () => {
  it('finds the largest empty circle where a hole was punched, and none in natural work', () => {
    const raster = templateRaster(crown);
    const nat = P.naturalPattern(crown, P.seededRng(4));
    const { px, py } = cols(nat);
    expect(emptyCircles(triangulate(px, py).triangles, px, py, raster, 2.5, -1, 1.3)).toEqual([]);
    const keep = nat.xs.map((x, i) => Math.hypot(x - 40, nat.ys[i]! - 55) > 6);
    const holed = cols({ xs: nat.xs.filter((_, i) => keep[i]), ys: nat.ys.filter((_, i) => keep[i]) });
    const circles = emptyCircles(triangulate(holed.px, holed.py).triangles, holed.px, holed.py, raster, 2.5, -1, 1.3);
    expect(Math.hypot(circles[0]!.x - 40, circles[0]!.y - 55)).toBeLessThan(2);
    expect(circles[0]!.r).toBeGreaterThan(6);
    expect(circles[0]!.r).toBeLessThan(8.5);
  });
});

describe('windows', () => {
  it('sums rectangles from a summed-area table', () => {
    const grid = Float64Array.from({ length: 12 }, (_, i) => i); // 4 cols × 3 rows
    const sat = summedArea(grid, 4, 3);
    expect(windowSum(sat, 4, 0, 0, 2)).toBe(0 + 1 + 4 + 5);
    expect(windowSum(sat, 4, 1, 2, 2)).toBe(6 + 7 + 10 + 11);
  });

  it('finds a heavy area and a gradient in density, and nothing in natural work', () => {
    const raster = templateRaster(crown);
    const { judged } = judgedCells(raster, -1);
    const count = (d: P.Dots) => {
      const c = new Float32Array(raster.mask.length);
      d.xs.forEach((x, i) => c[Math.floor(d.ys[i]! / raster.cell) * raster.cols + Math.floor(x / raster.cell)]!++);
      return c;
    };
    const natural = 0.72 / 6.25;
    const nat = densityWindows(raster, count(P.naturalPattern(crown, P.seededRng(5))), judged, 7, natural);
    expect(nat.heavyShare).toBe(0);
    expect(nat.gradient).toBeLessThan(0.3);
    expect(nat.medianRatio).toBeGreaterThan(0.9);
    const grad = densityWindows(raster, count(V.gradient(crown, P.seededRng(5))), judged, 7, natural);
    expect(grad.gradient).toBeGreaterThan(0.7);
  });

  it('reads local order in a patch of grid that the global ψ misses', () => {
    const raster = templateRaster(crown);
    const d = V.gridPatches(crown, P.seededRng(6));
    const { px, py } = cols(d);
    const tri = triangulate(px, py);
    const o = orderOver(tri, 1.3 * 3, raster);
    const w = orderWindows(raster, o.cells, 10, 60);
    expect(w.gridShare).toBeGreaterThan(0.3);
    expect(w.patches.length).toBeGreaterThan(0);
  });
});

describe('hairline: profile, stagger, drift', () => {
  it('reads a fade as a rising profile, a flat edge as flat, and a drawn front as unstaggered', () => {
    const raster = templateRaster(frontal);
    const edge = frontal.hairlineEdge!;
    const run = (d: P.Dots) => hairline(edge, raster, Float64Array.from(d.xs), Float64Array.from(d.ys), 2.5);
    const soft = run(P.naturalWithSoftEdge(frontal, P.seededRng(7)));
    const flat = run(P.naturalPattern(frontal, P.seededRng(7)));
    const row = run(V.evenFrontRow(frontal, P.seededRng(7)));
    expect(soft.profile[0]!).toBeLessThan(0.6);
    expect(soft.profile[4]!).toBeGreaterThan(0.85);
    expect(flat.profile[0]!).toBeGreaterThan(0.85);
    expect(soft.stagger).toBeGreaterThan(0.3);
    expect(row.stagger).toBeLessThan(0.1);
    expect(soft.unreachedShare).toBeLessThan(0.15);
    expect(soft.drift).toBeLessThan(2.4);
  });
});

describe('classify: hard rules and tolerances', () => {
  it('scores impressions on the line, and tells holes from spills beyond the tolerance', () => {
    const scar = template('scar-patch');
    const raster = templateRaster(scar);
    const area = { region: scar.region, holes: scar.holes };
    // In the area; in the keloid; just past the right end (0.3 mm, tolerated); 2 mm past it; a corner exactly.
    const [cx, cy] = scar.region[0]!;
    const c = classify(raster, area, [45, 58, 85.3, 87, cx], [25, 25, 25, 25, cy]);
    expect(c.scored).toEqual([0, 2, 4]);
    expect(c.inHole).toEqual([1]);
    expect(c.beyondBorder).toEqual([3]);
    expect(c.farthestOutsideMm).toBeCloseTo(2, 1);
  });

  it('finds new impressions on top of earlier ones with kdbush', () => {
    const r = onEarlierWork([10, 10.2, 30, 20], [10, 10, 10, 20], [1, 2, 2, 1], [0, 1, 2, 3], 1);
    expect(r.onEarlier).toEqual([1]);
    expect(r.latest).toBe(2);
  });
});

describe('sessions and versions', () => {
  it('gives every family a plan that ends in finished work, and templates may state their own', () => {
    for (const plan of Object.values(DEFAULT_SESSION_PLANS)) {
      expect(plan.length).toBeGreaterThanOrEqual(2);
      expect(plan[plan.length - 1]!.density).toBe(1);
      expect(plan[0]!.density).toBeGreaterThanOrEqual(0.25);
      expect(plan[0]!.density).toBeLessThanOrEqual(0.5);
    }
    expect(sessionPlan(frontal).map((s) => s.name)).toEqual(['Foundation', 'Fill', 'Refine']);
    const one = sessionTarget(frontal, 1);
    expect(one.spacingMm).toBeCloseTo(2.5 / Math.sqrt(0.35), 5);
    expect(templateForSession(frontal, one).hairlineEdge).toBeUndefined();
    expect(sessionTarget(frontal).final).toBe(true);
    const bad = {
      ...frontal,
      sessions: [
        { name: 'A', density: 0.6, goal: 'g' },
        { name: 'B', density: 0.5, goal: 'g' },
      ],
    };
    expect(() => parseTemplate('x', bad)).toThrow(/rise|density must be 1/);
  });

  it('labels stored v1 scores as v1', () => {
    expect(scoreVersionLabel(1)).toMatch(/^v1 /);
    expect(scoreVersionLabel(2)).toMatch(/^v2 /);
    expect(scoreVersionLabel(9)).toMatch(/unknown/);
  });
});

describe('coverage: depth of bare cells', () => {
  it('markedDepth gives the chamfer distances on the marked cells of random masks', () => {
    const rng = P.seededRng(5);
    for (let trial = 0; trial < 100; trial++) {
      const cols = 5 + Math.floor(rng() * 40);
      const rows = 5 + Math.floor(rng() * 40);
      const marked = new Uint8Array(cols * rows);
      const share = rng();
      const cells: number[] = [];
      for (let i = 0; i < marked.length; i++)
        if (rng() < share) {
          marked[i] = 1;
          cells.push(i);
        }
      const full = chamferDepth(marked, cols, rows);
      const fast = markedDepth(marked, cols, rows, cells);
      for (const i of cells) expect(fast[i]).toBe(full[i]);
    }
  });
});
