/** Plane geometry in millimetres for templates: polygons, areas, distances. */

/** A point in mm. */
export type Point = readonly [number, number];
/** A closed polygon (or an open polyline) of points in mm. */
export type Ring = readonly Point[];

/** Even–odd ray casting; points on an edge may fall either way. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  // Indexed access on purpose: destructuring a tuple goes through the iterator protocol (~10× slower).
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i]!;
    const pj = ring[j]!;
    const yi = pi[1];
    const yj = pj[1];
    if (yi > y !== yj > y && x < ((pj[0] - pi[0]) * (y - yi)) / (yj - yi) + pi[0]) inside = !inside;
  }
  return inside;
}

/** A ring's edges grouped by horizontal band (edge i runs from point i − 1 to point i). */
interface RingBands {
  y0: number;
  height: number;
  count: number;
  /** Edges of band b: edges[start[b]] … edges[start[b + 1] − 1]. */
  start: Int32Array;
  edges: Int32Array;
}
const ringBands = new WeakMap<Ring, RingBands>();

/** The edges of `ring` that reach each of its horizontal bands, built once per ring. */
function bandsOf(ring: Ring): RingBands {
  let b = ringBands.get(ring);
  if (b) return b;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of ring) ((minY = Math.min(minY, p[1])), (maxY = Math.max(maxY, p[1])));
  const count = Math.max(1, Math.min(512, ring.length));
  const height = maxY > minY ? (maxY - minY) / count : 1;
  // A margin far above rounding, so a point always finds every edge that spans its y.
  const margin = height * 1e-6;
  const lists: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i === 0 ? ring.length - 1 : i - 1]![1];
    const c = ring[i]![1];
    const lo = Math.max(0, Math.floor((Math.min(a, c) - margin - minY) / height));
    const hi = Math.min(count - 1, Math.floor((Math.max(a, c) + margin - minY) / height));
    for (let k = lo; k <= hi; k++) lists[k]!.push(i);
  }
  const start = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) start[k + 1] = start[k]! + lists[k]!.length;
  b = { y0: minY, height, count, start, edges: Int32Array.from(lists.flat()) };
  ringBands.set(ring, b);
  return b;
}

/**
 * `pointInRing`, reading only the edges of the point's horizontal band (the only ones that
 * can span its y), so a ring of hundreds of points costs a few edges per test. The same
 * crossing test on the same edges: the same answer.
 */
export function pointInRingFast(x: number, y: number, ring: Ring): boolean {
  const b = bandsOf(ring);
  const k = Math.floor((y - b.y0) / b.height);
  if (!(k >= 0 && k < b.count)) return pointInRing(x, y, ring);
  let inside = false;
  const n = ring.length;
  for (let q = b.start[k]!; q < b.start[k + 1]!; q++) {
    const i = b.edges[q]!;
    const pi = ring[i]!;
    const pj = ring[i === 0 ? n - 1 : i - 1]!;
    const yi = pi[1];
    const yj = pj[1];
    if (yi > y !== yj > y && x < ((pj[0] - pi[0]) * (y - yi)) / (yj - yi) + pi[0]) inside = !inside;
  }
  return inside;
}

/** Absolute area of a simple polygon (shoelace). */
export function ringArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  }
  return Math.abs(twice) / 2;
}

/** Distance from (x, y) to the segment a–b. */
export function distanceToSegment(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

/** Distance from (x, y) to an open polyline. */
export function distanceToPolyline(x: number, y: number, line: Ring): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegment(x, y, line[i - 1]!, line[i]!));
  return best;
}

/** Distance from (x, y) to the boundary of a closed ring. */
export function distanceToRing(x: number, y: number, ring: Ring): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    best = Math.min(best, distanceToSegment(x, y, ring[j]!, ring[i]!));
  return best;
}

/** Position along a polyline (arc length from its start) of the closest point to (x, y). */
export function arcPositionOnPolyline(x: number, y: number, line: Ring): number {
  let best = Infinity;
  let bestPos = 0;
  let travelled = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (len * len)));
    const d = Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
    if (d < best) {
      best = d;
      bestPos = travelled + t * len;
    }
    travelled += len;
  }
  return bestPos;
}

/** Length of an open polyline. */
export function polylineLength(line: Ring): number {
  let len = 0;
  for (let i = 1; i < line.length; i++) len += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return len;
}

/** A treatment area: an outer ring with holes cut out. */
export interface Area {
  region: Ring;
  holes: readonly Ring[];
}

/** Whether (x, y) lies in the area: in the region and in none of its holes. */
export function inArea(x: number, y: number, area: Area): boolean {
  return pointInRingFast(x, y, area.region) && !area.holes.some((h) => pointInRingFast(x, y, h));
}

/** Area of the region minus its holes (mm²). */
export function areaOf(area: Area): number {
  return ringArea(area.region) - area.holes.reduce((s, h) => s + ringArea(h), 0);
}

/** Distance from a point inside the area to its nearest boundary (outer edge or a hole). */
export function distanceToAreaBoundary(x: number, y: number, area: Area): number {
  let d = distanceToRing(x, y, area.region);
  for (const h of area.holes) d = Math.min(d, distanceToRing(x, y, h));
  return d;
}

/** Bounding box of a ring. */
export function bounds(ring: Ring): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}
