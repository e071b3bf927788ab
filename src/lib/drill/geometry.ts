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
  return pointInRing(x, y, area.region) && !area.holes.some((h) => pointInRing(x, y, h));
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
