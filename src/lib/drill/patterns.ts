/**
 * Reference patterns on a template, from a seeded random generator: the natural target
 * (Poisson-disk, "blue noise") and the typical mistakes — grids, rows, clumps, random
 * scatter, sparse work, half-covered work. Used by tests, calibration and the benchmark.
 */
import { bounds, distanceToPolyline, inArea, type Area } from './geometry.ts';
import type { Template } from './template.ts';

/** A random number generator in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, good enough for test patterns. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Impressions as two coordinate lists (mm). */
export interface Dots {
  xs: number[];
  ys: number[];
}

const areaOfTemplate = (t: Template): Area => ({ region: t.region, holes: t.holes });

/** Ratio of the Poisson-disk radius to the mean nearest-neighbour distance it produces. */
export const POISSON_RADIUS_FOR_SPACING = 0.945;

/**
 * Bridson's Poisson-disk sampling inside the template area: no two impressions closer
 * than `minDist`. `accept(x, y)` can thin the pattern (a density fade).
 */
export function poissonDisk(
  t: Template,
  minDist: number,
  rng: Rng,
  accept: (x: number, y: number) => boolean = () => true,
  clip?: (x: number, y: number) => boolean,
  existing?: Dots,
): Dots {
  const area = areaOfTemplate(t);
  const b = bounds(t.region);
  const cell = minDist / Math.SQRT2;
  const cols = Math.ceil((b.maxX - b.minX) / cell) + 1;
  const rows = Math.ceil((b.maxY - b.minY) / cell) + 1;
  const grid = new Int32Array(cols * rows).fill(-1);
  const xs: number[] = [];
  const ys: number[] = [];
  const active: number[] = [];
  const ok = (x: number, y: number) => inArea(x, y, area) && (!clip || clip(x, y));
  // Each grid cell holds a list (earlier work may be denser than minDist allows).
  const cellOf = (x: number, y: number) =>
    Math.min(rows - 1, Math.max(0, Math.floor((y - b.minY) / cell))) * cols +
    Math.min(cols - 1, Math.max(0, Math.floor((x - b.minX) / cell)));
  const extra = new Map<number, number[]>();
  const add = (x: number, y: number) => {
    const id = xs.length;
    xs.push(x);
    ys.push(y);
    const c = cellOf(x, y);
    if (grid[c]! < 0) grid[c] = id;
    else extra.set(c, [...(extra.get(c) ?? []), id]);
    active.push(id);
  };
  const free = (x: number, y: number) => {
    const c = Math.floor((x - b.minX) / cell);
    const r = Math.floor((y - b.minY) / cell);
    const near = (id: number) => (xs[id]! - x) ** 2 + (ys[id]! - y) ** 2 < minDist * minDist;
    for (let rr = Math.max(0, r - 2); rr <= Math.min(rows - 1, r + 2); rr++)
      for (let cc = Math.max(0, c - 2); cc <= Math.min(cols - 1, c + 2); cc++) {
        const id = grid[rr * cols + cc]!;
        if (id >= 0 && near(id)) return false;
        if (extra.size && extra.get(rr * cols + cc)?.some(near)) return false;
      }
    return true;
  };
  // Earlier work: its impressions block their surroundings and grow new ones between them.
  const before = existing ? existing.xs.length : 0;
  if (existing) for (let i = 0; i < before; i++) add(existing.xs[i]!, existing.ys[i]!);
  // Seed several starting points so disconnected parts of an area get filled.
  for (let tries = 0; tries < 200 && xs.length < 8; tries++) {
    const x = b.minX + rng() * (b.maxX - b.minX);
    const y = b.minY + rng() * (b.maxY - b.minY);
    if (ok(x, y) && free(x, y)) add(x, y);
  }
  while (active.length) {
    const pick = Math.floor(rng() * active.length);
    const id = active[pick]!;
    let placed = false;
    for (let k = 0; k < 30; k++) {
      const ang = rng() * 2 * Math.PI;
      const rad = minDist * (1 + rng());
      const x = xs[id]! + rad * Math.cos(ang);
      const y = ys[id]! + rad * Math.sin(ang);
      if (x < b.minX || y < b.minY || x > b.maxX || y > b.maxY) continue;
      if (ok(x, y) && free(x, y)) {
        add(x, y);
        placed = true;
        break;
      }
    }
    if (!placed) {
      active[pick] = active[active.length - 1]!;
      active.pop();
    }
  }
  // Thinning after sampling keeps the disk property.
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = before; i < xs.length; i++) if (accept(xs[i]!, ys[i]!)) (keepX.push(xs[i]!), keepY.push(ys[i]!));
  return { xs: keepX, ys: keepY };
}

/** A natural pattern at the template's target spacing. */
export function naturalPattern(t: Template, rng: Rng): Dots {
  return poissonDisk(t, t.targetSpacingMm * POISSON_RADIUS_FOR_SPACING, rng);
}

function lattice(t: Template, step: number, hex: boolean, jitter: number, rng: Rng, angle = 0.3): Dots {
  const area = areaOfTemplate(t);
  const xs: number[] = [];
  const ys: number[] = [];
  const rowStep = hex ? (step * Math.sqrt(3)) / 2 : step;
  const span = Math.hypot(t.width, t.height);
  const cx = t.width / 2;
  const cy = t.height / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let r = -span / rowStep; r <= span / rowStep; r++)
    for (let c = -span / step; c <= span / step; c++) {
      const u = (c + (hex && Math.abs(Math.round(r)) % 2 ? 0.5 : 0)) * step + (rng() * 2 - 1) * jitter * step;
      const v = r * rowStep + (rng() * 2 - 1) * jitter * step;
      const x = cx + u * cos - v * sin;
      const y = cy + u * sin + v * cos;
      if (inArea(x, y, area)) (xs.push(x), ys.push(y));
    }
  return { xs, ys };
}

/** A square grid at the same density as the natural target. */
export function squareGrid(t: Template, rng: Rng, jitter = 0): Dots {
  return lattice(t, t.targetSpacingMm / Math.sqrt(0.72), false, jitter, rng);
}

/** A hexagonal grid at the same density as the natural target. */
export function hexGrid(t: Template, rng: Rng): Dots {
  return lattice(t, t.targetSpacingMm * Math.sqrt(2 / (Math.sqrt(3) * 0.72)), true, 0, rng);
}

/** Impressions thrown uniformly at random, as many as a natural pattern would have. */
export function uniformRandom(t: Template, count: number, rng: Rng): Dots {
  const area = areaOfTemplate(t);
  const b = bounds(t.region);
  const xs: number[] = [];
  const ys: number[] = [];
  while (xs.length < count) {
    const x = b.minX + rng() * (b.maxX - b.minX);
    const y = b.minY + rng() * (b.maxY - b.minY);
    if (inArea(x, y, area)) (xs.push(x), ys.push(y));
  }
  return { xs, ys };
}

/** Clumps: `count` impressions around a few centres with spread `sigma` mm. */
export function clustered(t: Template, count: number, clusters: number, sigma: number, rng: Rng): Dots {
  const centres = uniformRandom(t, clusters, rng);
  const area = areaOfTemplate(t);
  const xs: number[] = [];
  const ys: number[] = [];
  while (xs.length < count) {
    const k = Math.floor(rng() * clusters);
    const g = Math.sqrt(-2 * Math.log(rng() || 1e-12));
    const a = 2 * Math.PI * rng();
    const x = centres.xs[k]! + sigma * g * Math.cos(a);
    const y = centres.ys[k]! + sigma * g * Math.sin(a);
    if (inArea(x, y, area)) (xs.push(x), ys.push(y));
  }
  return { xs, ys };
}

/** Straight rows: even pitch along each row, wider between rows, a little wobble. */
export function rows(t: Template, rng: Rng): Dots {
  const s = t.targetSpacingMm;
  const area = areaOfTemplate(t);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = s / 2; y < t.height; y += 1.5 * s)
    for (let x = s / 2; x < t.width; x += 0.75 * s) {
      const px = x + (rng() - 0.5) * 0.05 * s;
      const py = y + (rng() - 0.5) * 0.05 * s;
      if (inArea(px, py, area)) (xs.push(px), ys.push(py));
    }
  return { xs, ys };
}

/** Natural work on only the left half of the area. */
export function halfCovered(t: Template, rng: Rng): Dots {
  const b = bounds(t.region);
  const mid = (b.minX + b.maxX) / 2;
  return poissonDisk(
    t,
    t.targetSpacingMm * POISSON_RADIUS_FOR_SPACING,
    rng,
    () => true,
    (x) => x < mid,
  );
}

/** Natural-looking work at `factor` times the target spacing. */
export function sparse(t: Template, factor: number, rng: Rng): Dots {
  return poissonDisk(t, t.targetSpacingMm * POISSON_RADIUS_FOR_SPACING * factor, rng);
}

/**
 * Natural work with a soft hairline: a Poisson-disk pattern thinned near the edge, from
 * about 20 % kept at the line to all kept 2.5 spacings behind it.
 */
export function naturalWithSoftEdge(t: Template, rng: Rng): Dots {
  const edge = t.hairlineEdge;
  if (!edge) return naturalPattern(t, rng);
  const band = 2.5 * t.targetSpacingMm;
  return poissonDisk(t, t.targetSpacingMm * POISSON_RADIUS_FOR_SPACING, rng, (x, y) => {
    const d = distanceToPolyline(x, y, edge);
    return d >= band || rng() < 0.2 + 0.8 * (d / band);
  });
}
