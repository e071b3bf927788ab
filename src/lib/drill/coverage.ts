/**
 * Coverage kernels on the template raster: bare skin (cells farther than a reach from every
 * impression) grouped into gaps with their largest empty circle, and the variance-to-mean
 * ratio of counts in quadrats. O(n + cells).
 */
import { cellIndex, type AreaRaster } from './raster.ts';

/** A point farther than this many spacings from every impression is uncovered skin. */
export const UNCOVERED_FACTOR = 1.1;
/** Near a hairline the fade is intended, so only points this far from every impression count. */
export const UNCOVERED_FACTOR_AT_EDGE = 1.7;
/** Width of the hairline fade band, in spacings (the wider reach applies inside it). */
export const EDGE_BAND = 2.5;
/** Quadrats for the variance-to-mean ratio are this many raster cells (3 spacings) square. */
export const QUADRAT_CELLS = 4;

/** A bare patch: its largest empty circle. */
export interface Gap {
  x: number;
  y: number;
  /** Radius of the empty circle, mm. */
  r: number;
}

/** Reusable per-cell bucket heads and per-impression links for `coverage` (it is synchronous). */
let headBuf = new Int32Array(0);
let nextBuf = new Int32Array(0);
let nearBuf = new Uint8Array(0);
/** Reusable per-cell flags for `coverage`: reached (covered) by an impression of a neighbouring bucket. */
let coveredBuf = new Uint8Array(0);

/**
 * Uncovered skin: raster cells farther than UNCOVERED_FACTOR spacings from every
 * impression (UNCOVERED_FACTOR_AT_EDGE inside the hairline fade band), grouped into
 * gaps whose largest empty circle is reported. `cellOfDot` (each impression's raster cell,
 * as cellIndex gives it) saves looking the cells up again.
 *
 * Each impression reaches the cells of a square of ±⌈reach / cell⌉ cells around its own, on
 * the rows its reach crosses (the wider reach for impressions near the hairline). A cell is
 * covered when one impression that reaches it lies within its reach (squared distances of
 * cell centres compared in float32). Impressions are bucketed by cell and each cell looks at
 * its own bucket first, then the ring around it, and stops at the first impression close
 * enough, so the exact nearest distance is computed only for the deepest cell of each gap.
 * O(n + cells).
 */
export function coverage(
  raster: AreaRaster,
  px: Float64Array,
  py: Float64Array,
  s: number,
  cellOfDot?: Int32Array,
): { uncoveredFraction: number; gaps: Gap[] } {
  const { cell, cols, rows, mask, edgeDistance } = raster;
  const reachEdge = UNCOVERED_FACTOR_AT_EDGE * s;
  const reach = UNCOVERED_FACTOR * s;
  const reach2 = reach * reach;
  const reachEdge2 = reachEdge * reachEdge;
  const spanFar = Math.ceil(reach / cell);
  const spanNear = Math.ceil(reachEdge / cell);
  const maxSpan = Math.max(spanFar, spanNear);
  const n = px.length;
  const size = cols * rows;
  if (headBuf.length < size) headBuf = new Int32Array(size);
  if (nextBuf.length < n) ((nextBuf = new Int32Array(n)), (nearBuf = new Uint8Array(n)));
  const head = headBuf;
  const next = nextBuf;
  const near = nearBuf;
  head.fill(-1, 0, size);
  if (coveredBuf.length < size) coveredBuf = new Uint8Array(size);
  const reached = coveredBuf.fill(0, 0, size);
  // Impressions off the grid (spilled past the canvas edge) reach cells by the splat below.
  let strays: number[] | null = null;
  // The wider reach is needed only where a fade-band cell could be within it: decided by the
  // impression's cell (for impressions on the grid, the bucket's own cell).
  const nearLimit = EDGE_BAND * s + reachEdge + cell;
  const bandLimit = EDGE_BAND * s;
  // An impression in a cell d rings away lies at least (d − ½) cells from the centre: rings
  // beyond these cannot cover a cell (with a margin for rounding).
  const ringFor = (thr: number) => {
    let d = 0;
    while (d < maxSpan && (d + 0.5) * cell * ((d + 0.5) * cell) <= thr * (1 + 1e-6)) d++;
    return d;
  };
  const farRing = ringFor(reach2);
  const nearRing = ringFor(reachEdge2);
  // The splat below looks one ring around each bucket: only when the search would too.
  const splat = Math.min(spanFar, spanNear, farRing, nearRing) >= 1;
  const cellReach2 = reachThresholds(raster, bandLimit, reach2, reachEdge2);
  for (let k = 0; k < n; k++) {
    const x = px[k]!;
    const y = py[k]!;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    if (cx < 0 || cy < 0 || cx >= cols || cy >= rows) {
      near[k] = edgeDistance[cellOfDot ? cellOfDot[k]! : cellIndex(raster, x, y)]! < nearLimit ? 1 : 0;
      (strays ??= []).push(k);
      continue;
    }
    const b = cy * cols + cx;
    next[k] = head[b]!;
    head[b] = k;
    // Cover the 3 × 3 cells around the bucket with exactly the test the search below makes for
    // this impression and each of them, so that the search runs only for the cells left:
    // mostly bare skin. Nearly every covered cell is covered from a neighbouring bucket.
    if (!splat || cx === 0 || cy === 0 || cx === cols - 1 || cy === rows - 1) continue;
    const r2 = edgeDistance[b]! < nearLimit ? reachEdge2 : reach2;
    for (let rr = cy - 1; rr <= cy + 1; rr++) {
      const dy = (rr + 0.5) * cell - y;
      const dy2 = dy * dy;
      if (dy2 > r2) continue;
      const i = rr * cols + cx;
      const dx0 = (cx - 0.5) * cell - x;
      const dx1 = (cx + 0.5) * cell - x;
      const dx2 = (cx + 1.5) * cell - x;
      reached[i - 1]! |= +(Math.fround(dx0 * dx0 + dy2) <= cellReach2[i - 1]!);
      reached[i]! |= +(Math.fround(dx1 * dx1 + dy2) <= cellReach2[i]!);
      reached[i + 1]! |= +(Math.fround(dx2 * dx2 + dy2) <= cellReach2[i + 1]!);
    }
  }
  const strayDist2 = strays ? splatDist2(raster, px, py, strays, near, reach, reachEdge) : null;

  /**
   * The smallest float32 squared distance from the centre of cell (row, c) to an impression
   * that reaches it (Infinity when none does): the exact value for a gap's deepest cell.
   */
  const nearest2 = (row: number, c: number): number => {
    const yc = (row + 0.5) * cell;
    const xc = (c + 0.5) * cell;
    let best = Infinity;
    for (let rr = Math.max(0, row - maxSpan); rr <= Math.min(rows - 1, row + maxSpan); rr++)
      for (let cc = Math.max(0, c - maxSpan); cc <= Math.min(cols - 1, c + maxSpan); cc++) {
        const d = Math.max(Math.abs(rr - row), Math.abs(cc - c));
        const b = rr * cols + cc;
        const isNear = edgeDistance[b]! < nearLimit;
        if (d > (isNear ? spanNear : spanFar)) continue;
        for (let k = head[b]!; k >= 0; k = next[k]!) {
          const dy = yc - py[k]!;
          const dy2 = dy * dy;
          if (dy2 > (isNear ? reachEdge2 : reach2)) continue;
          const dx = xc - px[k]!;
          const dd = Math.fround(dx * dx + dy2);
          if (dd < best) best = dd;
        }
      }
    return best;
  };
  const farOffsets = offsetsWithin(farRing);
  const nearOffsets = offsetsWithin(nearRing);
  // Whether an impression in a cell's own bucket always covers it: it lies within ½√2 cells.
  const ownCovers = cell * cell * 0.5 * (1 + 1e-6) <= reach2;
  const uncovered = raster.scratch.uncovered.fill(0);
  const cells: number[] = [];
  for (let row = 0; row < rows; row++) {
    const yc = (row + 0.5) * cell;
    for (let c = 0; c < cols; c++) {
      const i = row * cols + c;
      if (!mask[i] || reached[i] || (ownCovers && head[i]! >= 0)) continue;
      const inBand = edgeDistance[i]! < bandLimit;
      const thr = inBand ? reachEdge2 : reach2;
      if (strayDist2 && strayDist2[i]! <= thr) continue;
      const offsets = inBand ? nearOffsets : farOffsets;
      const xc = (c + 0.5) * cell;
      let covered = false;
      // Nearest cells first: most cells are covered by an impression next to them.
      for (let o = 0; o < offsets.length && !covered; o += 3) {
        const rr = row + offsets[o]!;
        const cc = c + offsets[o + 1]!;
        if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
        const b = rr * cols + cc;
        let k = head[b]!;
        if (k < 0) continue;
        const isNear = edgeDistance[b]! < nearLimit;
        if (offsets[o + 2]! > (isNear ? spanNear : spanFar)) continue;
        const r2 = isNear ? reachEdge2 : reach2;
        for (; k >= 0; k = next[k]!) {
          const dy = yc - py[k]!;
          const dy2 = dy * dy;
          if (dy2 > r2) continue;
          const dx = xc - px[k]!;
          if (Math.fround(dx * dx + dy2) <= thr) {
            covered = true;
            break;
          }
        }
      }
      if (!covered) ((uncovered[i] = 1), cells.push(i));
    }
  }
  const count = cells.length;
  // Group uncovered cells (4-connected); each group's deepest cell is its empty circle.
  const gaps: Gap[] = [];
  if (count === 0) return { uncoveredFraction: 0, gaps };
  const seen = raster.scratch.seen.fill(0);
  const depth = markedDepth(uncovered, cols, rows, cells);
  const queue: number[] = [];
  for (const i of cells) {
    if (seen[i]) continue;
    let best = i;
    let size = 0;
    queue.length = 0;
    queue.push(i);
    seen[i] = 1;
    while (queue.length) {
      const j = queue.pop()!;
      size++;
      if (depth[j]! > depth[best]!) best = j;
      const r = Math.floor(j / cols);
      const c = j - r * cols;
      if (c > 0 && uncovered[j - 1] && !seen[j - 1]) ((seen[j - 1] = 1), queue.push(j - 1));
      if (c < cols - 1 && uncovered[j + 1] && !seen[j + 1]) ((seen[j + 1] = 1), queue.push(j + 1));
      if (r > 0 && uncovered[j - cols] && !seen[j - cols]) ((seen[j - cols] = 1), queue.push(j - cols));
      if (r < rows - 1 && uncovered[j + cols] && !seen[j + cols]) ((seen[j + cols] = 1), queue.push(j + cols));
    }
    if (size < 2) continue;
    const r = Math.floor(best / cols);
    const c = best - r * cols;
    const x = (c + 0.5) * cell;
    const y = (r + 0.5) * cell;
    const exact = Math.min(nearest2(r, c), strayDist2 ? strayDist2[best]! : Infinity);
    const radius = Number.isFinite(exact) ? Math.sqrt(exact) : depth[best]! * cell + reach;
    gaps.push({ x, y, r: radius });
  }
  gaps.sort((a, b) => b.r - a.r);
  return { uncoveredFraction: raster.areaCells ? count / raster.areaCells : 1, gaps };
}

/**
 * Squared distance (float32) from each cell centre to the nearest of the impressions `ids`
 * whose square of cells it lies in, on a row within the impression's reach (Infinity
 * elsewhere): what `coverage` reads for impressions off the grid.
 */
function splatDist2(
  raster: AreaRaster,
  px: Float64Array,
  py: Float64Array,
  ids: readonly number[],
  near: Uint8Array,
  reach: number,
  reachEdge: number,
): Float32Array {
  const { cell, cols, rows } = raster;
  const dist2 = raster.scratch.dist2.fill(Infinity);
  for (const k of ids) {
    const x = px[k]!;
    const y = py[k]!;
    const r = near[k] ? reachEdge : reach;
    const r2 = r * r;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    const span = Math.ceil(r / cell);
    const r0 = Math.max(0, cy - span);
    const r1 = Math.min(rows - 1, cy + span);
    const c0 = Math.max(0, cx - span);
    const c1 = Math.min(cols - 1, cx + span);
    for (let row = r0; row <= r1; row++) {
      const dy = (row + 0.5) * cell - y;
      const dy2 = dy * dy;
      if (dy2 > r2) continue;
      const base = row * cols;
      for (let c = c0; c <= c1; c++) {
        const dx = (c + 0.5) * cell - x;
        const dd = dx * dx + dy2;
        if (dd < dist2[base + c]!) dist2[base + c] = dd;
      }
    }
  }
  return dist2;
}

const thresholdCache = new WeakMap<AreaRaster, { key: string; thr: Float64Array }>();

/**
 * Each cell's squared reach for `coverage` (the wider one in the hairline fade band), −1
 * outside the area (never covered there). Memoised per raster and reach.
 */
function reachThresholds(raster: AreaRaster, bandLimit: number, reach2: number, reachEdge2: number): Float64Array {
  const key = `${bandLimit}:${reach2}:${reachEdge2}`;
  const hit = thresholdCache.get(raster);
  if (hit && hit.key === key) return hit.thr;
  const thr = new Float64Array(raster.mask.length);
  for (let i = 0; i < thr.length; i++)
    thr[i] = raster.mask[i] ? (raster.edgeDistance[i]! < bandLimit ? reachEdge2 : reach2) : -1;
  thresholdCache.set(raster, { key, thr });
  return thr;
}

const offsetCache = new Map<number, Int8Array>();

/**
 * The cell offsets (row, column, ring) within `ring` rings of a cell, nearest first (by the
 * distance between cell centres; ties in row-major order). Memoised.
 */
function offsetsWithin(ring: number): Int8Array {
  let o = offsetCache.get(ring);
  if (!o) {
    const list: Array<[number, number]> = [];
    for (let dr = -ring; dr <= ring; dr++) for (let dc = -ring; dc <= ring; dc++) list.push([dr, dc]);
    list.sort((a, b) => a[0] * a[0] + a[1] * a[1] - (b[0] * b[0] + b[1] * b[1]));
    o = new Int8Array(list.flatMap(([dr, dc]) => [dr, dc, Math.max(Math.abs(dr), Math.abs(dc))]));
    offsetCache.set(ring, o);
  }
  return o;
}

let depthBuf = new Uint16Array(0);

/**
 * The same chessboard distances as chamferDepth, for the marked cells listed in `cells` only
 * (a breadth-first search from the marked cells that touch an unmarked one or the raster's
 * border), in O(marked cells) rather than two passes over the raster. Other entries of the
 * returned (reused) buffer are meaningless.
 */
export function markedDepth(marked: Uint8Array, cols: number, rows: number, cells: readonly number[]): Uint16Array {
  if (depthBuf.length < marked.length) depthBuf = new Uint16Array(marked.length);
  const depth = depthBuf;
  for (const i of cells) depth[i] = 0;
  let frontier: number[] = [];
  for (const i of cells) {
    const r = (i / cols) | 0;
    const c = i - r * cols;
    let edge = r === 0 || c === 0 || r === rows - 1 || c === cols - 1;
    for (let dr = -1; dr <= 1 && !edge; dr++)
      for (let dc = -1; dc <= 1; dc++) if (!marked[i + dr * cols + dc]) ((edge = true), (dc = 2));
    if (edge) ((depth[i] = 1), frontier.push(i));
  }
  for (let d = 2; frontier.length; d++) {
    const next: number[] = [];
    for (const i of frontier) {
      const r = (i / cols) | 0;
      const c = i - r * cols;
      for (let dr = -1; dr <= 1; dr++) {
        if (r + dr < 0 || r + dr >= rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          if (c + dc < 0 || c + dc >= cols) continue;
          const j = i + dr * cols + dc;
          if (marked[j] && depth[j] === 0) ((depth[j] = d), next.push(j));
        }
      }
    }
    frontier = next;
  }
  return depth;
}

/** Distance (in cells, chessboard) of each marked cell to the nearest unmarked one. */
export function chamferDepth(marked: Uint8Array, cols: number, rows: number): Uint16Array {
  const depth = new Uint16Array(marked.length);
  const big = 65_000;
  for (let i = 0; i < marked.length; i++) depth[i] = marked[i] ? big : 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (!depth[i]) continue;
      let v = depth[i]!;
      if (c > 0) v = Math.min(v, depth[i - 1]! + 1);
      if (r > 0)
        v = Math.min(
          v,
          depth[i - cols]! + 1,
          c > 0 ? depth[i - cols - 1]! + 1 : big,
          c < cols - 1 ? depth[i - cols + 1]! + 1 : big,
        );
      if (c === 0 || r === 0) v = Math.min(v, 1);
      depth[i] = v;
    }
  for (let r = rows - 1; r >= 0; r--)
    for (let c = cols - 1; c >= 0; c--) {
      const i = r * cols + c;
      if (!depth[i]) continue;
      let v = depth[i]!;
      if (c < cols - 1) v = Math.min(v, depth[i + 1]! + 1);
      if (r < rows - 1)
        v = Math.min(
          v,
          depth[i + cols]! + 1,
          c < cols - 1 ? depth[i + cols + 1]! + 1 : big,
          c > 0 ? depth[i + cols - 1]! + 1 : big,
        );
      if (c === cols - 1 || r === rows - 1) v = Math.min(v, 1);
      depth[i] = v;
    }
  return depth;
}

/**
 * Variance-to-mean ratio of impression counts in square quadrats of 3 spacings that lie
 * wholly in the treatment area: near 0.2 for even natural work, 1 for random, ≫1 clumped.
 */
export function quadratVariance(raster: AreaRaster, px: Float64Array, py: Float64Array): number {
  const q = QUADRAT_CELLS;
  const qCols = Math.floor(raster.cols / q);
  const qRows = Math.floor(raster.rows / q);
  if (qCols === 0 || qRows === 0) return 0;
  const { full, counts } = fullQuadrats(raster, qCols, qRows);
  counts.fill(0);
  const side = q * raster.cell;
  for (let k = 0; k < px.length; k++) {
    const qc = Math.floor(px[k]! / side);
    const qr = Math.floor(py[k]! / side);
    if (qc < qCols && qr < qRows) counts[qr * qCols + qc]!++;
  }
  let m = 0,
    used = 0;
  for (let i = 0; i < counts.length; i++) if (full[i]) ((m += counts[i]!), used++);
  if (used < 4) return 0;
  m /= used;
  if (m === 0) return 0;
  let v = 0;
  for (let i = 0; i < counts.length; i++) if (full[i]) v += (counts[i]! - m) ** 2;
  v /= used - 1;
  return v / m;
}

const quadratCache = new WeakMap<AreaRaster, { full: Uint8Array; counts: Float64Array }>();

/**
 * Which quadrats (QUADRAT_CELLS square) lie wholly in the area, built once per raster, with
 * a buffer for their counts reused by each (synchronous) measurement.
 */
function fullQuadrats(raster: AreaRaster, qCols: number, qRows: number) {
  const hit = quadratCache.get(raster);
  if (hit) return hit;
  const q = QUADRAT_CELLS;
  const full = new Uint8Array(qCols * qRows);
  for (let qr = 0; qr < qRows; qr++)
    for (let qc = 0; qc < qCols; qc++) {
      let all = 1;
      for (let r = qr * q; r < (qr + 1) * q && all; r++)
        for (let c = qc * q; c < (qc + 1) * q; c++) if (!raster.mask[r * raster.cols + c]) ((all = 0), (c = Infinity));
      full[qr * qCols + qc] = all;
    }
  const out = { full, counts: new Float64Array(qCols * qRows) };
  quadratCache.set(raster, out);
  return out;
}

/** An empty circle with its size against the spacing it is judged by. */
export interface EmptyCircle extends Gap {
  /** Radius ÷ the allowed scale (the spacing, ×FADE_GAP_ALLOWANCE inside a hairline fade). */
  relative: number;
}

/** Inside a hairline fade, bare circles may be this much larger. */
export const FADE_GAP_ALLOWANCE = 1.5;

/**
 * Largest empty circles from the triangulation: every triangle's circumcircle is empty of
 * impressions, so the largest with its centre in the area (clipped to the distance to the
 * boundary plus half a spacing) are the bare patches. `scale` is the spacing the radius is
 * judged against; within `fadeDepth` of a hairline the allowance is wider. Returns up to
 * `max` circles that do not overlap, largest relative size first. With `corners`, each
 * triangle also gives its corners one more Delaunay neighbour (`degree`) and a third of its
 * area (`localArea`), in the same pass. O(triangles).
 */
export function emptyCircles(
  triangles: Uint32Array,
  px: Float64Array,
  py: Float64Array,
  raster: AreaRaster,
  scale: number,
  fadeDepth: number,
  minRelative: number,
  max = 5,
  corners?: { degree: Uint16Array; localArea: Float64Array },
): EmptyCircle[] {
  const found: EmptyCircle[] = [];
  const minR = minRelative * scale;
  // A little below minR², so rounding never drops a circle the exact test keeps.
  const minR2 = minR * minR * (1 - 1e-9);
  const minR2Below = minR * minR * (1 - 1e-6);
  for (let t = 0; t + 2 < triangles.length; t += 3) {
    const a = triangles[t]!;
    const b = triangles[t + 1]!;
    const c = triangles[t + 2]!;
    const ax = px[a]!;
    const ay = py[a]!;
    const bx = px[b]! - ax;
    const by = py[b]! - ay;
    const cx = px[c]! - ax;
    const cy = py[c]! - ay;
    const d = 2 * (bx * cy - by * cx);
    if (corners) {
      const third = Math.abs(d) / 12;
      corners.degree[a]!++;
      corners.degree[b]!++;
      corners.degree[c]!++;
      corners.localArea[a]! += third;
      corners.localArea[b]! += third;
      corners.localArea[c]! += third;
    }
    if (d === 0) continue;
    const b2 = bx * bx + by * by;
    const c2 = cx * cx + cy * cy;
    const nx = cy * b2 - by * c2;
    const ny = bx * c2 - cx * b2;
    // Most circumcircles are small: rejected before dividing, with a margin far above rounding.
    if (nx * nx + ny * ny < minR2Below * d * d) continue;
    const ux = nx / d;
    const uy = ny / d;
    const R2 = ux * ux + uy * uy;
    if (R2 < minR2) continue; // most triangles: no square root
    const R = Math.sqrt(R2);
    if (R < minR) continue;
    const x = ax + ux;
    const y = ay + uy;
    const col = Math.floor(x / raster.cell);
    const row = Math.floor(y / raster.cell);
    if (col < 0 || row < 0 || col >= raster.cols || row >= raster.rows) continue;
    const i = row * raster.cols + col;
    if (!raster.mask[i]) continue;
    const r = Math.min(R, raster.boundaryDistance[i]! + 0.5 * scale);
    const allowance = raster.edgeDistance[i]! < fadeDepth ? FADE_GAP_ALLOWANCE : 1;
    const relative = r / (scale * allowance);
    if (relative >= minRelative) found.push({ x, y, r, relative });
  }
  found.sort((p, q) => q.relative - p.relative);
  const out: EmptyCircle[] = [];
  for (const g of found) {
    if (out.length >= max) break;
    if (out.every((o) => Math.hypot(o.x - g.x, o.y - g.y) >= o.r + g.r)) out.push(g);
  }
  return out;
}
