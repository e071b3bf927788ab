/**
 * Seeded generators for scoring version 2's tests and calibration: natural work that must
 * pass (irregular fades, human-like clicking, natural work a little off the target,
 * multi-session builds) and every way of bad work a master trainer rejects (hairline
 * faults, bare patches, overwork, holes and spills, near-grids, tracks, gradients, double
 * taps, big needles) and degenerate input. Each takes the template and an Rng, so every
 * test can run several seeds.
 */
import { bounds, distanceToPolyline, distanceToRing, inArea, type Area } from './geometry.ts';
import { naturalPattern, poissonDisk, POISSON_RADIUS_FOR_SPACING, type Dots, type Rng } from './patterns.ts';
import { sessionPlan } from './sessions.ts';
import type { Template } from './template.ts';

/** Impressions with diameters and sessions, as the scorer reads them. */
export interface Work extends Dots {
  diameters?: number[];
  sessions?: number[];
}

const areaOf = (t: Template): Area => ({ region: t.region, holes: t.holes });
const gauss = (rng: Rng) => Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
const natural = (t: Template, rng: Rng, factor = 1, accept?: (x: number, y: number) => boolean) =>
  poissonDisk(t, t.targetSpacingMm * POISSON_RADIUS_FOR_SPACING * factor, rng, accept);

/** Keep-probability of a fade from `front` at the line to 1 at `depth` mm behind it. */
function fadeKeep(t: Template, rng: Rng, depth: (x: number, y: number) => number, front = 0.2) {
  const edge = t.hairlineEdge;
  return (x: number, y: number) => {
    if (!edge) return true;
    const d = distanceToPolyline(x, y, edge);
    const D = depth(x, y);
    return d >= D || rng() < front + (1 - front) * (d / D);
  };
}

/** Thins any dots into a soft hairline fade (2.5 spacings deep); other templates unchanged. */
export function softenEdge(t: Template, dots: Dots, rng: Rng, depthMm = 2.5 * t.targetSpacingMm): Dots {
  const keep = fadeKeep(t, rng, () => depthMm);
  const xs: number[] = [];
  const ys: number[] = [];
  dots.xs.forEach((x, i) => keep(x, dots.ys[i]!) && (xs.push(x), ys.push(dots.ys[i]!)));
  return { xs, ys };
}

// ---- natural work that must pass -----------------------------------------------------

/** A soft fade whose depth wanders between 5 and 10 mm along the hairline. */
export function irregularFade(t: Template, rng: Rng): Dots {
  const phase = rng() * 2 * Math.PI;
  const wave = 8 + rng() * 12;
  const depth = (x: number) => 7.5 + 2.5 * Math.sin(phase + x / wave) * (0.6 + 0.4 * rng());
  return natural(t, rng, 1, fadeKeep(t, rng, depth, 0.15 + 0.1 * rng()));
}

/**
 * Human-like clicking: local sweeps that place each impression about a spacing from the
 * last (judged by eye, ±15 %), with motor noise, skipping spots that look taken; a soft
 * hairline on hairline templates.
 */
export function humanLike(t: Template, rng: Rng): Dots {
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const b = bounds(t.region);
  const cell = s;
  const cols = Math.ceil((b.maxX - b.minX) / cell) + 1;
  const grid = new Map<number, number[]>();
  const xs: number[] = [];
  const ys: number[] = [];
  const key = (x: number, y: number) => Math.floor((y - b.minY) / cell) * cols + Math.floor((x - b.minX) / cell);
  const nearest = (x: number, y: number) => {
    let best = Infinity;
    const c = Math.floor((x - b.minX) / cell);
    const r = Math.floor((y - b.minY) / cell);
    for (let rr = r - 2; rr <= r + 2; rr++)
      for (let cc = c - 2; cc <= c + 2; cc++)
        for (const id of grid.get(rr * cols + cc) ?? []) best = Math.min(best, Math.hypot(xs[id]! - x, ys[id]! - y));
    return best;
  };
  const place = (x: number, y: number) => {
    const k = key(x, y);
    grid.set(k, [...(grid.get(k) ?? []), xs.length]);
    xs.push(x);
    ys.push(y);
  };
  let misses = 0;
  let cx = b.minX + rng() * (b.maxX - b.minX);
  let cy = b.minY + rng() * (b.maxY - b.minY);
  while (misses < 4000) {
    // A sweep: a short local walk of 10–30 impressions.
    const steps = 10 + Math.floor(rng() * 20);
    let heading = rng() * 2 * Math.PI;
    for (let k = 0; k < steps; k++) {
      let placed = false;
      for (let tries = 0; tries < 12 && !placed; tries++) {
        heading += (rng() - 0.5) * 2.4;
        const step = s * (1 + 0.15 * gauss(rng));
        const x = cx + step * Math.cos(heading) + 0.06 * s * gauss(rng);
        const y = cy + step * Math.sin(heading) + 0.06 * s * gauss(rng);
        const judged = s * (0.86 + 0.08 * gauss(rng));
        if (inArea(x, y, area) && nearest(x, y) > judged) {
          place(x, y);
          cx = x;
          cy = y;
          placed = true;
        }
      }
      if (!placed) {
        misses += 12;
        break;
      }
    }
    // Move the hand to a new spot: next to earlier work, or anywhere.
    if (xs.length && rng() < 0.7) {
      const id = Math.floor(rng() * xs.length);
      cx = xs[id]!;
      cy = ys[id]!;
    } else {
      cx = b.minX + rng() * (b.maxX - b.minX);
      cy = b.minY + rng() * (b.maxY - b.minY);
    }
  }
  // Looking over the work, the trainee fills the gaps that show (by eye: a little under a spacing).
  const fill = poissonDisk(t, 0.92 * s, rng, () => true, undefined, { xs, ys });
  return softenEdge(t, { xs: [...xs, ...fill.xs], ys: [...ys, ...fill.ys] }, rng);
}

/** Natural work at `factor` × the target spacing, with a soft hairline. */
export function naturalAtSpacing(t: Template, factor: number, rng: Rng): Dots {
  return softenEdge(t, natural(t, rng, factor), rng, 2.5 * t.targetSpacingMm * factor);
}

/** Natural work at `ratio` × the target density (spacing ÷ √ratio), with a soft hairline. */
export function naturalAtDensity(t: Template, ratio: number, rng: Rng): Dots {
  return naturalAtSpacing(t, 1 / Math.sqrt(ratio), rng);
}

/**
 * A multi-session build up to session `upTo` of the template's plan: each session fills
 * between the impressions of the earlier ones at that session's spacing; the last gets a
 * soft hairline. Each impression carries its session.
 */
export function multiSession(t: Template, rng: Rng, upTo = sessionPlan(t).length): Work {
  const plan = sessionPlan(t);
  const xs: number[] = [];
  const ys: number[] = [];
  const sessions: number[] = [];
  for (let k = 0; k < Math.min(upTo, plan.length); k++) {
    const spacing = t.targetSpacingMm / Math.sqrt(plan[k]!.density);
    const add = poissonDisk(t, spacing * POISSON_RADIUS_FOR_SPACING, rng, () => true, undefined, { xs, ys });
    add.xs.forEach((x, i) => (xs.push(x), ys.push(add.ys[i]!), sessions.push(k + 1)));
  }
  if (upTo < plan.length || !t.hairlineEdge) return { xs, ys, sessions };
  const keep = fadeKeep(t, rng, () => 2.5 * t.targetSpacingMm);
  const out: Work = { xs: [], ys: [], sessions: [] };
  xs.forEach((x, i) => keep(x, ys[i]!) && (out.xs.push(x), out.ys.push(ys[i]!), out.sessions!.push(sessions[i]!)));
  return out;
}

/** A correct session-1 canvas: an even foundation at the first session's spacing. */
export function sessionOne(t: Template, rng: Rng): Work {
  return multiSession(t, rng, 1);
}

// ---- what a master rejects -------------------------------------------------------------

/** Hairline: a row of impressions drawn evenly along the line in front of soft work. */
export function evenFrontRow(t: Template, rng: Rng): Dots {
  const soft = softenEdge(t, naturalPattern(t, rng), rng);
  const edge = t.hairlineEdge;
  if (!edge) return soft;
  const s = t.targetSpacingMm;
  const keep = soft.xs.map((x, i) => distanceToPolyline(x, soft.ys[i]!, edge) > 0.8 * s);
  const dots = { xs: soft.xs.filter((_, i) => keep[i]), ys: soft.ys.filter((_, i) => keep[i]) };
  alongEdge(t, s, () => 0.3 * s, dots);
  return dots;
}

/** Hairline: a perfectly smooth wavy row along the front, soft work behind it. */
export function smoothWavyFront(t: Template, rng: Rng): Dots {
  const soft = softenEdge(t, naturalPattern(t, rng), rng);
  const edge = t.hairlineEdge;
  if (!edge) return soft;
  const s = t.targetSpacingMm;
  const keep = soft.xs.map((x, i) => distanceToPolyline(x, soft.ys[i]!, edge) > 1.6 * s);
  const dots = { xs: soft.xs.filter((_, i) => keep[i]), ys: soft.ys.filter((_, i) => keep[i]) };
  const wave = 8 + rng() * 6;
  alongEdge(t, 0.9 * s, (arc) => (0.7 + 0.45 * Math.sin(arc / wave)) * s, dots);
  return dots;
}

/** Places impressions every `pitch` mm along the hairline, `offset(arc)` mm behind it. */
function alongEdge(t: Template, pitch: number, offset: (arc: number) => number, into: Dots): void {
  const edge = t.hairlineEdge!;
  const area = areaOf(t);
  let arc = 0;
  for (let i = 1; i < edge.length; i++) {
    const [ax, ay] = edge[i - 1]!;
    const [bx, by] = edge[i]!;
    const len = Math.hypot(bx - ax, by - ay);
    for (let u = (pitch - (arc % pitch)) % pitch; u < len; u += pitch) {
      const x = ax + ((bx - ax) * u) / len;
      const y = ay + ((by - ay) * u) / len;
      const nx = -(by - ay) / len;
      const ny = (bx - ax) / len;
      const o = offset(arc + u);
      for (const sign of [1, -1]) {
        const px = x + sign * nx * o;
        const py = y + sign * ny * o;
        if (inArea(px, py, area)) {
          into.xs.push(px);
          into.ys.push(py);
          break;
        }
      }
    }
    arc += len;
  }
}

/**
 * Hairline: a ruler-straight front: impressions evenly along a straight line across the
 * middle of the edge's depth, ignoring the design line's shape, natural work behind it.
 */
export function straightFront(t: Template, rng: Rng): Dots {
  const edge = t.hairlineEdge;
  if (!edge) return naturalPattern(t, rng);
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const ys = edge.map((p) => p[1]);
  const line = (Math.min(...ys) + Math.max(...ys)) / 2;
  const b = bounds(t.region);
  // The side of the line the scalp lies on.
  const side = (b.minY + b.maxY) / 2 < line ? -1 : 1;
  const dots = natural(t, rng, 1, (_x, y) => (y - line) * side > 0.8 * s);
  for (let x = b.minX; x <= b.maxX; x += s)
    if (inArea(x, line + 0.1 * side, area)) (dots.xs.push(x), dots.ys.push(line + 0.1 * side));
  return dots;
}

/** Hairline: a soft front with a heavy, dark band 1.5–3 spacings behind it. */
export function heavyBandBehindFront(t: Template, rng: Rng): Dots {
  const soft = softenEdge(t, naturalPattern(t, rng), rng);
  const edge = t.hairlineEdge;
  if (!edge) return soft;
  const s = t.targetSpacingMm;
  const extra = poissonDisk(t, 0.9 * s * POISSON_RADIUS_FOR_SPACING, rng, (x, y) => {
    const d = distanceToPolyline(x, y, edge);
    return d > 1.5 * s && d < 3 * s;
  });
  return { xs: [...soft.xs, ...extra.xs], ys: [...soft.ys, ...extra.ys] };
}

/** Natural work with a bare circle `diameterSpacings` spacings across, somewhere well inside the area. */
export function barePatch(t: Template, rng: Rng, diameterSpacings = 4): Dots {
  const s = t.targetSpacingMm;
  const r = (diameterSpacings * s) / 2;
  const area = areaOf(t);
  const b = bounds(t.region);
  let cx = 0,
    cy = 0;
  for (let tries = 0; tries < 5000; tries++) {
    cx = b.minX + rng() * (b.maxX - b.minX);
    cy = b.minY + rng() * (b.maxY - b.minY);
    const edgeOk = !t.hairlineEdge || distanceToPolyline(cx, cy, t.hairlineEdge) > r + 4 * s;
    const inside =
      inArea(cx, cy, area) &&
      distanceToRing(cx, cy, t.region) > r + s &&
      t.holes.every((h) => distanceToRing(cx, cy, h) > r + s);
    if (edgeOk && inside) break;
  }
  const d = softenEdge(t, naturalPattern(t, rng), rng);
  const keep = d.xs.map((x, i) => Math.hypot(x - cx, d.ys[i]! - cy) > r);
  return { xs: d.xs.filter((_, i) => keep[i]), ys: d.ys.filter((_, i) => keep[i]) };
}

/** Overworked: natural-looking work at `ratio` × the target density. */
export function overworked(t: Template, ratio: number, rng: Rng): Dots {
  return naturalAtDensity(t, ratio, rng);
}

/** Natural work plus `count` impressions in the template's holes (the scar's keloid). */
export function inHoles(t: Template, rng: Rng, count = 3): Dots {
  const d = naturalPattern(t, rng);
  const hole = t.holes[0];
  if (!hole) return d;
  const hb = bounds(hole);
  let added = 0;
  while (added < count) {
    const x = hb.minX + rng() * (hb.maxX - hb.minX);
    const y = hb.minY + rng() * (hb.maxY - hb.minY);
    if (!inArea(x, y, { region: hole, holes: [] }) || distanceToRing(x, y, hole) < 0.5) continue;
    d.xs.push(x);
    d.ys.push(y);
    added++;
  }
  return d;
}

/** Soft natural work with `count` impressions spilling 1–2 mm beyond the outer border. */
export function spill(t: Template, rng: Rng, count = 12): Dots {
  const d = softenEdge(t, naturalPattern(t, rng), rng);
  const area = areaOf(t);
  const ring = t.region;
  let added = 0;
  for (let tries = 0; added < count && tries < 10_000; tries++) {
    const i = Math.floor(rng() * ring.length);
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[(i + 1) % ring.length]!;
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const u = rng();
    const off = 1 + rng();
    for (const sign of [1, -1]) {
      const x = ax + (bx - ax) * u + (sign * -(by - ay) * off) / len;
      const y = ay + (by - ay) * u + (sign * (bx - ax) * off) / len;
      if (x < 0 || y < 0 || x > t.width || y > t.height) continue;
      if (!inArea(x, y, area) && distanceToRing(x, y, ring) > 0.9) {
        d.xs.push(x);
        d.ys.push(y);
        added++;
        break;
      }
    }
  }
  return d;
}

/** A lattice (square or hexagonal) at the natural density, jittered by ±`jitter` of its pitch, at a random angle. */
export function jitteredLattice(t: Template, rng: Rng, hex: boolean, jitter: number, angle = rng() * Math.PI): Dots {
  const area = areaOf(t);
  const step = hex ? t.targetSpacingMm * Math.sqrt(2 / (Math.sqrt(3) * 0.72)) : t.targetSpacingMm / Math.sqrt(0.72);
  const rowStep = hex ? (step * Math.sqrt(3)) / 2 : step;
  const span = Math.hypot(t.width, t.height);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = -span / rowStep; r <= span / rowStep; r++)
    for (let c = -span / step; c <= span / step; c++) {
      const u = (c + (hex && Math.abs(Math.round(r)) % 2 ? 0.5 : 0)) * step + (rng() * 2 - 1) * jitter * step;
      const v = r * rowStep + (rng() * 2 - 1) * jitter * step;
      const x = t.width / 2 + u * cos - v * sin;
      const y = t.height / 2 + u * sin + v * cos;
      if (inArea(x, y, area)) (xs.push(x), ys.push(y));
    }
  return softenEdge(t, { xs, ys }, rng);
}

/** Patches of grid at different angles: the area split among a few centres, each with its own lattice. */
export function gridPatches(t: Template, rng: Rng, patches = 5): Dots {
  const b = bounds(t.region);
  const centres = Array.from(
    { length: patches },
    () => [b.minX + rng() * (b.maxX - b.minX), b.minY + rng() * (b.maxY - b.minY)] as const,
  );
  const lattices = centres.map((_, k) => jitteredLattice(t, rng, k % 2 === 0, 0.05, rng() * Math.PI));
  const owner = (x: number, y: number) => {
    let best = 0;
    let bd = Infinity;
    centres.forEach(([cx, cy], k) => {
      const d = Math.hypot(x - cx, y - cy);
      if (d < bd) ((bd = d), (best = k));
    });
    return best;
  };
  const xs: number[] = [];
  const ys: number[] = [];
  lattices.forEach((l, k) => l.xs.forEach((x, i) => owner(x, l.ys[i]!) === k && (xs.push(x), ys.push(l.ys[i]!))));
  return { xs, ys };
}

/**
 * Over-relaxed even work: natural work moved `iterations` times toward the centroid of
 * its Voronoi cell (Lloyd's algorithm, on a sample grid), which turns it into hexagonal patches.
 */
export function lloydRelaxed(t: Template, rng: Rng, iterations = 30): Dots {
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const b = bounds(t.region);
  const start = naturalPattern(t, rng);
  const xs = Float64Array.from(start.xs);
  const ys = Float64Array.from(start.ys);
  const step = s / 5;
  const samples: number[] = [];
  for (let y = b.minY + step / 2; y < b.maxY; y += step)
    for (let x = b.minX + step / 2; x < b.maxX; x += step) if (inArea(x, y, area)) samples.push(x, y);
  const cell = 1.5 * s;
  const cols = Math.ceil((b.maxX - b.minX) / cell) + 1;
  const rows = Math.ceil((b.maxY - b.minY) / cell) + 1;
  for (let it = 0; it < iterations; it++) {
    const buckets: number[][] = Array.from({ length: cols * rows }, () => []);
    for (let i = 0; i < xs.length; i++)
      buckets[Math.floor((ys[i]! - b.minY) / cell) * cols + Math.floor((xs[i]! - b.minX) / cell)]!.push(i);
    const sx = new Float64Array(xs.length);
    const sy = new Float64Array(xs.length);
    const sc = new Float64Array(xs.length);
    for (let k = 0; k < samples.length; k += 2) {
      const x = samples[k]!;
      const y = samples[k + 1]!;
      const c = Math.floor((x - b.minX) / cell);
      const r = Math.floor((y - b.minY) / cell);
      let best = -1;
      let bd = Infinity;
      for (let ring = 1; ring <= 3 && best < 0; ring++)
        for (let rr = r - ring; rr <= r + ring; rr++)
          for (let cc = c - ring; cc <= c + ring; cc++) {
            if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
            for (const i of buckets[rr * cols + cc]!) {
              const d = (xs[i]! - x) ** 2 + (ys[i]! - y) ** 2;
              if (d < bd) ((bd = d), (best = i));
            }
          }
      if (best >= 0) ((sx[best] = sx[best]! + x), (sy[best] = sy[best]! + y), sc[best]!++);
    }
    for (let i = 0; i < xs.length; i++) if (sc[i]) ((xs[i] = sx[i]! / sc[i]!), (ys[i] = sy[i]! / sc[i]!));
  }
  return softenEdge(t, { xs: Array.from(xs), ys: Array.from(ys) }, rng);
}

/** Curved tracks: impressions along concentric arcs (pitch 0.85 s, arcs 1.25 s apart) around a point. */
export function curvedTracks(t: Template, rng: Rng): Dots {
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const b = bounds(t.region);
  const cx = b.minX + rng() * (b.maxX - b.minX);
  const cy = b.minY + rng() * (b.maxY - b.minY);
  const xs: number[] = [];
  const ys: number[] = [];
  const reach = Math.hypot(b.maxX - b.minX, b.maxY - b.minY);
  for (let r = 0.8 * s + rng() * s; r < reach; r += 1.25 * s) {
    const count = Math.floor((2 * Math.PI * r) / (0.85 * s));
    const phase = rng() * 2 * Math.PI;
    for (let k = 0; k < count; k++) {
      const a = phase + (2 * Math.PI * k) / count;
      const x = cx + r * Math.cos(a) + 0.03 * s * gauss(rng);
      const y = cy + r * Math.sin(a) + 0.03 * s * gauss(rng);
      if (inArea(x, y, area)) (xs.push(x), ys.push(y));
    }
  }
  return softenEdge(t, { xs, ys }, rng);
}

/** Soft natural work with one long straight row (`count` impressions at the target pitch) drawn across it. */
export function longRow(t: Template, rng: Rng, count = 14): Dots {
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const b = bounds(t.region);
  const d = softenEdge(t, naturalPattern(t, rng), rng);
  for (let tries = 0; tries < 5000; tries++) {
    const x0 = b.minX + rng() * (b.maxX - b.minX);
    const y0 = b.minY + rng() * (b.maxY - b.minY);
    const a = rng() * Math.PI;
    const line = Array.from({ length: count }, (_, k) => [x0 + k * s * Math.cos(a), y0 + k * s * Math.sin(a)] as const);
    if (!line.every(([x, y]) => inArea(x, y, area) && distanceToRing(x, y, t.region) > s)) continue;
    const near = (x: number, y: number) => line.some(([lx, ly]) => Math.hypot(x - lx, y - ly) < 0.8 * s);
    const keep = d.xs.map((x, i) => !near(x, d.ys[i]!));
    return {
      xs: [...d.xs.filter((_, i) => keep[i]), ...line.map((p) => p[0])],
      ys: [...d.ys.filter((_, i) => keep[i]), ...line.map((p) => p[1])],
    };
  }
  return d;
}

/** Dense on one side, sparse on the other: density from `high` to `low` × the target across the widest extent. */
export function gradient(t: Template, rng: Rng, high = 1.5, low = 0.5): Dots {
  const b = bounds(t.region);
  const alongX = b.maxX - b.minX >= b.maxY - b.minY;
  const flip = rng() < 0.5;
  const base = natural(t, rng, 1 / Math.sqrt(high));
  const keep = base.xs.map((x, i) => {
    let u = alongX ? (x - b.minX) / (b.maxX - b.minX) : (base.ys[i]! - b.minY) / (b.maxY - b.minY);
    if (flip) u = 1 - u;
    return rng() < (high + (low - high) * u) / high;
  });
  return softenEdge(t, { xs: base.xs.filter((_, i) => keep[i]), ys: base.ys.filter((_, i) => keep[i]) }, rng);
}

/** Soft natural work with a share of impressions double-tapped (a second one 0.1–0.25 spacings away). */
export function doubleTaps(t: Template, rng: Rng, share = 0.1): Dots {
  const d = softenEdge(t, naturalPattern(t, rng), rng);
  const s = t.targetSpacingMm;
  const area = areaOf(t);
  const n = d.xs.length;
  for (let i = 0; i < n; i++) {
    if (rng() >= share) continue;
    const a = rng() * 2 * Math.PI;
    const r = (0.1 + 0.15 * rng()) * s;
    const x = d.xs[i]! + r * Math.cos(a);
    const y = d.ys[i]! + r * Math.sin(a);
    if (inArea(x, y, area)) (d.xs.push(x), d.ys.push(y));
  }
  return d;
}

/** Soft natural work made with a needle of `diameter` mm. */
export function bigNeedle(t: Template, rng: Rng, diameter = 3): Work {
  const d = softenEdge(t, naturalPattern(t, rng), rng);
  return { ...d, diameters: d.xs.map(() => diameter) };
}

// ---- degenerate input --------------------------------------------------------------------

/** `count` impressions on one point inside the area. */
export function identical(t: Template, count = 500): Dots {
  const [x, y] = insidePoint(t);
  return { xs: Array.from({ length: count }, () => x), ys: Array.from({ length: count }, () => y) };
}

/** `count` impressions in one square millimetre. */
export function clumpInOneMm(t: Template, rng: Rng, count = 19_000): Dots {
  const [x, y] = insidePoint(t);
  return {
    xs: Array.from({ length: count }, () => x - 0.5 + rng()),
    ys: Array.from({ length: count }, () => y - 0.5 + rng()),
  };
}

/** Impressions exactly on the corners and edge midpoints of the region and holes. */
export function onEdges(t: Template): Dots {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const ring of [t.region, ...t.holes])
    ring.forEach(([x, y], i) => {
      const [nx, ny] = ring[(i + 1) % ring.length]!;
      xs.push(x, (x + nx) / 2);
      ys.push(y, (y + ny) / 2);
    });
  return { xs, ys };
}

/** A point well inside the area (the first found on a coarse scan from the centre). */
function insidePoint(t: Template): [number, number] {
  const area = areaOf(t);
  const b = bounds(t.region);
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  for (let r = 0; r < Math.max(t.width, t.height); r += 1)
    for (let a = 0; a < 16; a++) {
      const x = cx + r * Math.cos((a * Math.PI) / 8);
      const y = cy + r * Math.sin((a * Math.PI) / 8);
      if (inArea(x, y, area) && distanceToRing(x, y, t.region) > 2 && t.holes.every((h) => distanceToRing(x, y, h) > 2))
        return [x, y];
    }
  return [cx, cy];
}
