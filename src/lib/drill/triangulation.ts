/**
 * Step 1 of the measurement pipeline: one Delaunay triangulation (delaunator, O(n log n))
 * of the impressions, each edge's vector measured once, and every impression's nearest
 * neighbour read off the triangulation's edges (with a sorted sweep for impressions the
 * triangulation leaves out: exact duplicates and collinear input).
 */
import Delaunator from 'delaunator';

/**
 * The triangulation, with its undirected edges listed once each (in increasing order of the
 * half-edge that owns them: the lower of a twin pair, or a hull edge) in compact arrays.
 */
export interface Triangulation {
  /** The points triangulated (the caller's arrays). */
  px: Float64Array;
  py: Float64Array;
  triangles: Uint32Array;
  halfedges: Int32Array;
  /** The convex hull's points, counter-clockwise. */
  hull: Uint32Array;
  /** Number of undirected edges. */
  edgeCount: number;
  /** Ends of edge k: ends[2k] = a, ends[2k + 1] = b (the owning half-edge runs a → b). */
  ends: Int32Array;
  /** Squared length of edge k (its vector is px[b] − px[a], py[b] − py[a]). */
  len2: Float64Array;
  /** Distance to and index of each impression's nearest neighbour (Infinity / −1 when alone). */
  nn: Float64Array;
  nnIdx: Int32Array;
}

/** The half-edge after `e` in its triangle. */
export const nextHalfedge = (e: number): number => (e % 3 === 2 ? e - 2 : e + 1);

let coordsBuf = new Float64Array(0);
let lastDelaunator: Delaunator<Float64Array> | null = null;
let shared: { nn: Float64Array; nnIdx: Int32Array; ends: Int32Array; len2: Float64Array } | null = null;

/** Per-impression and per-edge buffers for n impressions and up to `edges` edges, reused from call to call. */
function edgeBuffers(n: number, edges: number) {
  const b = shared;
  if (b && b.nn.length === n && b.ends.length >= 2 * edges) return b;
  shared = {
    nn: new Float64Array(n),
    nnIdx: new Int32Array(n),
    ends: new Int32Array(2 * edges),
    len2: new Float64Array(edges),
  };
  return shared;
}

/**
 * Triangulates the points and finds every nearest neighbour. O(n log n). The coordinates are
 * handed to delaunator through a buffer reused between calls; nearest neighbours are compared
 * by squared length and one square root is taken per impression. With `reuse` the result's
 * own arrays are shared with the next `reuse` call (the measurement pipeline, which is
 * synchronous and keeps nothing of them), and so is the delaunator instance when the number of
 * points is unchanged.
 */
export function triangulate(px: Float64Array, py: Float64Array, reuse = false): Triangulation {
  const n = px.length;
  if (coordsBuf.length < 2 * n) coordsBuf = new Float64Array(Math.max(2 * n, 2 * coordsBuf.length));
  const coords = coordsBuf.length === 2 * n ? coordsBuf : coordsBuf.subarray(0, 2 * n);
  for (let k = 0; k < n; k++) {
    coords[2 * k] = px[k]!;
    coords[2 * k + 1] = py[k]!;
  }
  let d: Delaunator<Float64Array>;
  if (reuse && lastDelaunator && lastDelaunator.coords.length === coords.length) {
    // The same number of points as the previous call: delaunator's own update() recomputes
    // the triangulation in the arrays it allocated then (what its constructor runs too).
    d = lastDelaunator;
    d.coords = coords;
    d.update();
  } else {
    d = new Delaunator(coords);
    if (reuse) lastDelaunator = d;
  }
  const { triangles, halfedges, hull } = d;
  const E = triangles.length;
  // Each undirected edge once: (E + hull edges) / 2 ≤ (E + n) / 2.
  const maxEdges = (E + n) >> 1;
  const own = reuse ? edgeBuffers(n, maxEdges) : null;
  const nn = (own ? own.nn : new Float64Array(n)).fill(Infinity);
  const nnIdx = (own ? own.nnIdx : new Int32Array(n)).fill(-1);
  const ends = own ? own.ends : new Int32Array(2 * maxEdges);
  const len2 = own ? own.len2 : new Float64Array(maxEdges);
  let k = 0;
  // Triangle by triangle: each corner's index and coordinates are read once for its two
  // edges. Edges come in increasing order of their owning half-edge, as before.
  for (let t = 0; t + 2 < E; t += 3) {
    const v0 = triangles[t]!;
    const v1 = triangles[t + 1]!;
    const v2 = triangles[t + 2]!;
    const x0 = px[v0]!;
    const y0 = py[v0]!;
    const x1 = px[v1]!;
    const y1 = py[v1]!;
    const x2 = px[v2]!;
    const y2 = py[v2]!;
    const h0 = halfedges[t]!;
    const h1 = halfedges[t + 1]!;
    const h2 = halfedges[t + 2]!;
    if (h0 === -1 || h0 > t) listEdge(k++, v0, v1, x1 - x0, y1 - y0, ends, len2, nn, nnIdx);
    if (h1 === -1 || h1 > t + 1) listEdge(k++, v1, v2, x2 - x1, y2 - y1, ends, len2, nn, nnIdx);
    if (h2 === -1 || h2 > t + 2) listEdge(k++, v2, v0, x0 - x2, y0 - y2, ends, len2, nn, nnIdx);
  }
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    nn[i] = Math.sqrt(nn[i]!);
    if (nnIdx[i] === -1) missing.push(i);
  }
  if (missing.length && n > 1) {
    nearestBySweep(px, py, missing, nn, nnIdx);
    samePlace(px, py, missing, nn, nnIdx);
  }
  return { px, py, triangles, halfedges, hull, edgeCount: k, ends, len2, nn, nnIdx };
}

/**
 * Writes edge k (a → b, vector (ex, ey)) and keeps the squared length as each end's nearest
 * so far (the first of equal lengths wins).
 */
function listEdge(
  k: number,
  a: number,
  b: number,
  ex: number,
  ey: number,
  ends: Int32Array,
  len2: Float64Array,
  nn: Float64Array,
  nnIdx: Int32Array,
): void {
  const q = ex * ex + ey * ey;
  ends[2 * k] = a;
  ends[2 * k + 1] = b;
  len2[k] = q;
  // Squared lengths for now; square roots after the listing.
  if (q < nn[a]!) ((nn[a] = q), (nnIdx[a] = b));
  if (q < nn[b]!) ((nn[b] = q), (nnIdx[b] = a));
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

/** The k-th smallest of `a` (0-based) by quickselect, O(n) on average; reorders `a`. */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
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
}

let medianBuf = new Float64Array(0);

/** Median by quickselect (O(n) on average); reorders a copy (in a buffer reused between calls), not `values`. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  if (medianBuf.length < n) medianBuf = new Float64Array(Math.max(n, 2 * medianBuf.length));
  const a = medianBuf.subarray(0, n);
  a.set(values);
  if (n % 2) return selectKth(a, n >> 1);
  const upper = selectKth(a, n >> 1);
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}
