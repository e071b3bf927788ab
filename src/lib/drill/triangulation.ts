/**
 * Step 1 of the measurement pipeline: one Delaunay triangulation (delaunator, O(n log n))
 * of the impressions, each edge's vector measured once, and every impression's nearest
 * neighbour read off the triangulation's edges (with a sorted sweep for impressions the
 * triangulation leaves out: exact duplicates and collinear input).
 */
import Delaunator from 'delaunator';

/** The triangulation with each undirected edge's vector stored on its lower half-edge. */
export interface Triangulation {
  triangles: Uint32Array;
  halfedges: Int32Array;
  /** Vector (b − a) and squared length of each half-edge that owns its edge; 0 on the twins. */
  dx: Float64Array;
  dy: Float64Array;
  l2: Float64Array;
  /** Distance to and index of each impression's nearest neighbour (Infinity / −1 when alone). */
  nn: Float64Array;
  nnIdx: Int32Array;
}

/** The half-edge after `e` in its triangle. */
export const nextHalfedge = (e: number): number => (e % 3 === 2 ? e - 2 : e + 1);

/** Whether half-edge `e` is the one that stores its undirected edge (the lower of a twin pair, or a hull edge). */
export const ownsEdge = (halfedges: Int32Array, e: number): boolean => {
  const twin = halfedges[e]!;
  return twin === -1 || twin > e;
};

/** Triangulates the points and finds every nearest neighbour. O(n log n). */
export function triangulate(px: Float64Array, py: Float64Array): Triangulation {
  const n = px.length;
  const coords = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    coords[2 * k] = px[k]!;
    coords[2 * k + 1] = py[k]!;
  }
  const { triangles, halfedges } = new Delaunator(coords);
  const nn = new Float64Array(n).fill(Infinity);
  const nnIdx = new Int32Array(n).fill(-1);
  const E = triangles.length;
  const dx = new Float64Array(E);
  const dy = new Float64Array(E);
  const l2 = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    if (!ownsEdge(halfedges, e)) continue;
    const a = triangles[e]!;
    const b = triangles[nextHalfedge(e)]!;
    const ex = px[b]! - px[a]!;
    const ey = py[b]! - py[a]!;
    const q = ex * ex + ey * ey;
    dx[e] = ex;
    dy[e] = ey;
    l2[e] = q;
    const d = Math.sqrt(q);
    if (d < nn[a]!) ((nn[a] = d), (nnIdx[a] = b));
    if (d < nn[b]!) ((nn[b] = d), (nnIdx[b] = a));
  }
  const missing: number[] = [];
  for (let k = 0; k < n; k++) if (nnIdx[k] === -1) missing.push(k);
  if (missing.length && n > 1) {
    nearestBySweep(px, py, missing, nn, nnIdx);
    samePlace(px, py, missing, nn, nnIdx);
  }
  return { triangles, halfedges, dx, dy, l2, nn, nnIdx };
}

/**
 * Nearest neighbours of `targets` by a sweep over the points sorted by x, updating `nn`
 * and `nnIdx` in place (the partner gains the neighbour too). Stops at distance 0, so a
 * pile of identical impressions costs O(n log n), not O(n²).
 */
export function nearestBySweep(
  px: Float64Array,
  py: Float64Array,
  targets: readonly number[],
  nn: Float64Array,
  nnIdx: Int32Array,
): void {
  const n = px.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => px[a]! - px[b]! || a - b);
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) rank[order[k]!] = k;
  for (const i of targets) {
    let best = nn[i]!;
    let bestJ = nnIdx[i]!;
    const k0 = rank[i]!;
    for (let dir = -1; dir <= 1 && best > 0; dir += 2) {
      for (let k = k0 + dir; k >= 0 && k < n; k += dir) {
        const j = order[k]!;
        const ex = px[j]! - px[i]!;
        if (Math.abs(ex) > best) break;
        const d = Math.hypot(ex, py[j]! - py[i]!);
        if (d < best) ((best = d), (bestJ = j));
        if (best === 0) break;
      }
    }
    nn[i] = best;
    nnIdx[i] = bestJ;
    if (bestJ >= 0 && best < nn[bestJ]!) ((nn[bestJ] = best), (nnIdx[bestJ] = i));
  }
}

/**
 * The triangulation keeps one copy of a spot placed several times; the sweep pairs the
 * left-out copies among themselves. This gives the kept copy its distance 0 too (one pass,
 * only when copies were left out).
 */
export function samePlace(
  px: Float64Array,
  py: Float64Array,
  missing: readonly number[],
  nn: Float64Array,
  nnIdx: Int32Array,
): void {
  const pile = new Map<string, number>();
  for (const k of missing) pile.set(`${px[k]},${py[k]}`, k);
  for (let k = 0; k < px.length; k++) {
    if (nn[k] === 0) continue;
    const j = pile.get(`${px[k]},${py[k]}`);
    if (j !== undefined && j !== k) {
      nn[k] = 0;
      nnIdx[k] = j;
    }
  }
}

/** Median by quickselect (O(n) on average); reorders a copy, not `values`. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const a = values.slice();
  const select = (k: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const pivot = a[(lo + hi) >> 1]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i]! < pivot) i++;
        while (a[j]! > pivot) j--;
        if (i <= j) {
          const t = a[i]!;
          a[i] = a[j]!;
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k]!;
    }
    return a[k]!;
  };
  if (n % 2) return select(n >> 1);
  const upper = select(n >> 1);
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}
