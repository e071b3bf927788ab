/**
 * Measurements of a pattern of impressions on a template, in one pass over a Delaunay
 * triangulation (delaunator, O(n log n)) and one over a coverage raster (O(n + cells)).
 *
 * Everything a score or an overlay needs comes from here: nearest-neighbour distances,
 * close pairs, orientational order of bonds (ψ4, ψ6), anisotropy, aligned runs, density,
 * uncovered gaps, quadrat variance and the density fade toward a hairline edge.
 * Indices in the result refer to the caller's dot array.
 */
import Delaunator from 'delaunator';
import { arcPositionOnPolyline, areaOf, distanceToPolyline, polylineLength, type Area, type Ring } from './geometry.ts';
import { cachedRaster, cellIndex, rasterInArea, rasterizeArea, type AreaRaster } from './raster.ts';
import type { Template } from './template.ts';

/** Density of a natural (Poisson-disk) pattern whose mean nearest-neighbour distance is s: ρ = k / s². */
export const NATURAL_DENSITY_FACTOR = 0.72;
/** Neighbours closer than this many spacings blur into one blot. */
export const CLOSE_FACTOR = 0.6;
/** A point farther than this many spacings from every impression is uncovered skin. */
export const UNCOVERED_FACTOR = 1.1;
/** Near a hairline the fade is intended, so only points this far from every impression count. */
export const UNCOVERED_FACTOR_AT_EDGE = 1.7;
/** Width of the hairline fade band and start of the "interior" reference band, in spacings. */
export const EDGE_BAND = 2.5;
export const EDGE_INTERIOR = 5;
/** Coverage raster cell size, in spacings. */
const RASTER_CELL = 0.75;
/** Quadrats for the variance-to-mean ratio are this many raster cells (3 spacings) square. */
const QUADRAT_CELLS = 4;
/** Aligned runs: this many impressions in a straight, evenly spaced line. */
export const RUN_MIN_DOTS = 5;
const RUN_MAX_TURN_RAD = (9 * Math.PI) / 180;
const RUN_LENGTH_RATIO = 1.2;

export interface PatternInput {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Impression diameters (mm); the template's default when absent. */
  diameters?: ArrayLike<number>;
}

export interface Gap {
  x: number;
  y: number;
  /** Radius of the empty circle, mm. */
  r: number;
}

export interface PatternMetrics {
  placed: number;
  inside: number;
  /** Indices of impressions outside the treatment area (or inside a hole). */
  outside: number[];
  areaMm2: number;
  spacingMm: number;
  /** Nearest-neighbour distances over interior impressions (≥ one spacing from any boundary). */
  nnMedianMm: number;
  nnMeanMm: number;
  nnCv: number;
  clarkEvansR: number;
  /** Pairs of impressions closer than CLOSE_FACTOR × spacing. */
  closePairs: Array<[number, number]>;
  /** Impressions whose nearest neighbour is closer than CLOSE_FACTOR × spacing. */
  closeCount: number;
  /** Impressions that touch or overlap their nearest neighbour. */
  overlapCount: number;
  psi4: number;
  psi6: number;
  anisotropy: number;
  /** Straight, evenly spaced runs of ≥ RUN_MIN_DOTS impressions. */
  runs: number[][];
  /** Share of inside impressions that belong to a run. */
  runFraction: number;
  densityRatio: number;
  uncoveredFraction: number;
  gaps: Gap[];
  quadratVmr: number;
  /** Hairline edge: density within EDGE_BAND spacings of the edge, relative to the interior. */
  edgeFadeRatio: number | null;
  /** Hairline edge: spread of the front-most impressions' distances to the edge, in spacings. */
  edgeIrregularity: number | null;
  /** Hairline edge: the front-most impression of each stretch of the edge. */
  edgeFront: number[];
}

function templateArea(t: Template): Area {
  return { region: t.region, holes: t.holes };
}

/** The coverage raster of a template, built once per template version. */
export function templateRaster(t: Template): AreaRaster {
  const cell = t.targetSpacingMm * RASTER_CELL;
  return cachedRaster(`${t.id}@${t.version}:${cell}`, () =>
    rasterizeArea(templateArea(t), t.width, t.height, cell, t.hairlineEdge as Ring | undefined),
  );
}

const EMPTY = (t: Template, placed: number, outside: number[]): PatternMetrics => ({
  placed,
  inside: 0,
  outside,
  areaMm2: areaOf(templateArea(t)),
  spacingMm: t.targetSpacingMm,
  nnMedianMm: 0,
  nnMeanMm: 0,
  nnCv: 0,
  clarkEvansR: 0,
  closePairs: [],
  closeCount: 0,
  overlapCount: 0,
  psi4: 0,
  psi6: 0,
  anisotropy: 0,
  runs: [],
  runFraction: 0,
  densityRatio: 0,
  uncoveredFraction: 1,
  gaps: [],
  quadratVmr: 0,
  edgeFadeRatio: t.hairlineEdge ? 0 : null,
  edgeIrregularity: t.hairlineEdge ? 0 : null,
  edgeFront: [],
});

/** Median by quickselect (O(n) on average); reorders a copy, not `values`. */
function median(values: Float64Array): number {
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

/** Nearest neighbours by brute force over sorted x, for impressions the triangulation left out. */
function nearestBySweep(
  px: Float64Array,
  py: Float64Array,
  targets: number[],
  nn: Float64Array,
  nnIdx: Int32Array,
): void {
  const order = Array.from(px.keys()).sort((a, b) => px[a]! - px[b]!);
  const rank = new Int32Array(px.length);
  order.forEach((id, k) => (rank[id] = k));
  for (const i of targets) {
    let best = nn[i]!;
    let bestJ = nnIdx[i]!;
    const k0 = rank[i]!;
    for (let dir = -1; dir <= 1; dir += 2) {
      for (let k = k0 + dir; k >= 0 && k < order.length; k += dir) {
        const j = order[k]!;
        const dx = px[j]! - px[i]!;
        if (Math.abs(dx) > best) break;
        const d = Math.hypot(dx, py[j]! - py[i]!);
        if (d < best) {
          best = d;
          bestJ = j;
        }
      }
    }
    nn[i] = best;
    nnIdx[i] = bestJ;
    // The partner (often the original of a duplicate) gains this neighbour too.
    if (bestJ >= 0 && best < nn[bestJ]!) {
      nn[bestJ] = best;
      nnIdx[bestJ] = i;
    }
  }
}

export function measurePattern(template: Template, input: PatternInput): PatternMetrics {
  const s = template.targetSpacingMm;
  const area = templateArea(template);
  const raster = templateRaster(template);
  const placed = input.xs.length;

  // 1. Inside or outside the treatment area.
  const insideIds: number[] = [];
  const outside: number[] = [];
  for (let i = 0; i < placed; i++) (rasterInArea(raster, input.xs[i]!, input.ys[i]!) ? insideIds : outside).push(i);
  const n = insideIds.length;
  if (n === 0) return EMPTY(template, placed, outside);

  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const dia = new Float64Array(n);
  const coords = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const i = insideIds[k]!;
    px[k] = coords[2 * k] = input.xs[i]!;
    py[k] = coords[2 * k + 1] = input.ys[i]!;
    dia[k] = input.diameters?.[i] ?? template.impressionDiameterMm;
  }

  // 2. Triangulation → nearest neighbours and bonds.
  const { triangles, halfedges } = new Delaunator(coords);
  const nn = new Float64Array(n).fill(Infinity);
  const nnIdx = new Int32Array(n).fill(-1);
  const next = (e: number) => (e % 3 === 2 ? e - 2 : e + 1);
  // Each edge's vector, computed once (on its lower half-edge) for the nearest-neighbour,
  // orientation and run passes.
  const E = triangles.length;
  const edx = new Float64Array(E);
  const edy = new Float64Array(E);
  const el2 = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const twin = halfedges[e]!;
    if (twin !== -1 && twin < e) continue; // the twin already measured this edge
    const a = triangles[e]!;
    const b = triangles[next(e)]!;
    const dx = px[b]! - px[a]!;
    const dy = py[b]! - py[a]!;
    const l2 = dx * dx + dy * dy;
    edx[e] = dx;
    edy[e] = dy;
    el2[e] = l2;
    const d = Math.sqrt(l2);
    if (d < nn[a]!) ((nn[a] = d), (nnIdx[a] = b));
    if (d < nn[b]!) ((nn[b] = d), (nnIdx[b] = a));
  }
  // Duplicates and collinear patterns are absent from the triangulation.
  const missing: number[] = [];
  for (let k = 0; k < n; k++) if (nnIdx[k] === -1) missing.push(k);
  if (missing.length && n > 1) nearestBySweep(px, py, missing, nn, nnIdx);

  // 3. Nearest-neighbour statistics on interior impressions (edge effects excluded).
  const interior: number[] = [];
  for (let k = 0; k < n; k++)
    if (n > 1 && raster.boundaryDistance[cellIndex(raster, px[k]!, py[k]!)]! >= s) interior.push(k);
  const useInterior = interior.length >= 10;
  const d = useInterior ? new Float64Array(interior.length) : n > 1 ? nn.slice() : new Float64Array(0);
  if (useInterior) for (let k = 0; k < interior.length; k++) d[k] = nn[interior[k]!]!;
  const nnMean = d.length ? d.reduce((a, b) => a + b, 0) / d.length : 0;
  const nnVar = d.length ? d.reduce((a, b) => a + (b - nnMean) ** 2, 0) / d.length : 0;
  const areaMm2 = areaOf(area);
  const statArea = useInterior ? interiorArea(raster, s) : areaMm2;
  const clarkEvansR = d.length && statArea > 0 ? nnMean / (0.5 / Math.sqrt(d.length / statArea)) : 0;

  // 4. Close pairs and overlaps (all inside impressions: a blot is a blot anywhere).
  const closePairs: Array<[number, number]> = [];
  let closeCount = 0;
  let overlapCount = 0;
  for (let k = 0; k < n; k++) {
    const j = nnIdx[k]!;
    if (j < 0) continue;
    if (nn[k]! < CLOSE_FACTOR * s) {
      closeCount++;
      if (k < j || nnIdx[j] !== k) closePairs.push([insideIds[k]!, insideIds[j]!]);
    }
    if (nn[k]! < (dia[k]! + dia[j]!) / 2) overlapCount++;
  }

  // 5. Orientational order of short bonds, and anisotropy of nearest-neighbour bonds.
  const nnMedian = median(d);
  const bondLimit = 1.3 * (nnMedian || s);
  let c4 = 0,
    s4 = 0,
    c6 = 0,
    s6 = 0,
    bonds = 0;
  for (let e = 0; e < E; e++) {
    if (e > halfedges[e]! && halfedges[e] !== -1) continue;
    const dx = edx[e]!;
    const dy = edy[e]!;
    const l2 = el2[e]!;
    if (l2 > bondLimit * bondLimit || l2 === 0) continue;
    // e^{2iθ} = (dx + i·dy)² / |d|²; e^{4iθ} and e^{6iθ} are its powers — no trigonometry.
    const r2 = (dx * dx - dy * dy) / l2;
    const i2 = (2 * dx * dy) / l2;
    const r4 = r2 * r2 - i2 * i2;
    const i4 = 2 * r2 * i2;
    c4 += r4;
    s4 += i4;
    c6 += r4 * r2 - i4 * i2;
    s6 += r4 * i2 + i4 * r2;
    bonds++;
  }
  let c2 = 0,
    s2 = 0,
    nnBonds = 0;
  for (let k = 0; k < n; k++) {
    const j = nnIdx[k]!;
    if (j < 0 || nn[k] === 0) continue;
    const dx = px[j]! - px[k]!;
    const dy = py[j]! - py[k]!;
    const l2 = dx * dx + dy * dy;
    c2 += (dx * dx - dy * dy) / l2;
    s2 += (2 * dx * dy) / l2;
    nnBonds++;
  }
  const psi4 = bonds ? Math.hypot(c4, s4) / bonds : 0;
  const psi6 = bonds ? Math.hypot(c6, s6) / bonds : 0;
  const anisotropy = nnBonds ? Math.hypot(c2, s2) / nnBonds : 0;

  // 6. Aligned runs along triangulation edges.
  // A run is a run at any pitch up to the target spacing, however crowded the rest is.
  const runBondLimit = 1.3 * Math.max(nnMedian, s);
  const runs = alignedRuns(n, { triangles, halfedges, dx: edx, dy: edy, l2: el2 }, runBondLimit).map((run) =>
    run.map((k) => insideIds[k]!),
  );
  const inRun = new Uint8Array(placed);
  let inRunCount = 0;
  for (const run of runs) for (const i of run) if (!inRun[i]) ((inRun[i] = 1), inRunCount++);
  const runFraction = inRunCount / n;

  // 7. Coverage: density, uncovered raster cells, quadrat variance.
  const densityRatio = n / ((NATURAL_DENSITY_FACTOR / (s * s)) * areaMm2);
  const { uncoveredFraction, gaps } = coverage(raster, px, py, s);
  const quadratVmr = quadratVariance(raster, px, py);

  // 8. Hairline edge.
  const edge = template.hairlineEdge ? hairline(template.hairlineEdge as Ring, raster, px, py, s) : null;

  return {
    placed,
    inside: n,
    outside,
    areaMm2,
    spacingMm: s,
    nnMedianMm: nnMedian,
    nnMeanMm: nnMean,
    nnCv: nnMean > 0 ? Math.sqrt(nnVar) / nnMean : 0,
    clarkEvansR,
    closePairs,
    closeCount,
    overlapCount,
    psi4,
    psi6,
    anisotropy,
    runs,
    runFraction,
    densityRatio,
    uncoveredFraction,
    gaps,
    quadratVmr,
    edgeFadeRatio: edge?.fadeRatio ?? null,
    edgeIrregularity: edge?.irregularity ?? null,
    edgeFront: edge ? edge.front.map((k) => insideIds[k]!) : [],
  };
}

/** Area of the part of the template at least `margin` from every boundary. */
function interiorArea(raster: AreaRaster, margin: number): number {
  let cells = 0;
  for (let i = 0; i < raster.mask.length; i++) if (raster.mask[i] && raster.boundaryDistance[i]! >= margin) cells++;
  return cells * raster.cell * raster.cell;
}

/**
 * Chains of impressions in a straight line at an even pitch. At every impression b, each
 * pair of short bonds b→a and b→c that continue each other (turn under 9°, pitch within
 * 20 %) links a→b to b→c and c→b to b→a; chains of RUN_MIN_DOTS or more are runs.
 */
interface Edges {
  triangles: Uint32Array;
  halfedges: Int32Array;
  /** Vector and squared length of each half-edge. */
  dx: Float64Array;
  dy: Float64Array;
  l2: Float64Array;
}

function alignedRuns(n: number, edges: Edges, maxBond: number): number[][] {
  const { triangles, halfedges, dx: edx, dy: edy, l2: el2 } = edges;
  const maxBond2 = maxBond * maxBond;
  const E = triangles.length;
  // Short bonds as directed slots grouped by their start (CSR); rev[slot] is the opposite
  // direction. Each undirected edge is visited once (its lower half-edge, or a hull edge).
  const deg = new Int32Array(n);
  for (let e = 0; e < E; e++) {
    const twin = halfedges[e]!;
    if ((twin !== -1 && twin < e) || el2[e]! > maxBond2) continue;
    deg[triangles[e]!]!++;
    deg[triangles[e % 3 === 2 ? e - 2 : e + 1]!]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const m = start[n]!;
  const adj = new Int32Array(m);
  const bx = new Float64Array(m);
  const by = new Float64Array(m);
  const bl2 = new Float64Array(m);
  const rev = new Int32Array(m);
  const fill = start.slice(0, n);
  for (let e = 0; e < E; e++) {
    const twin = halfedges[e]!;
    if ((twin !== -1 && twin < e) || el2[e]! > maxBond2) continue;
    const a = triangles[e]!;
    const b = triangles[e % 3 === 2 ? e - 2 : e + 1]!;
    const dx = edx[e]!;
    const dy = edy[e]!;
    const l2 = el2[e]!;
    const sab = fill[a]!++;
    const sba = fill[b]!++;
    adj[sab] = b;
    bx[sab] = dx;
    by[sab] = dy;
    bl2[sab] = l2;
    adj[sba] = a;
    bx[sba] = -dx;
    by[sba] = -dy;
    bl2[sba] = l2;
    rev[sab] = sba;
    rev[sba] = sab;
  }
  // successor[slot a→b] = slot b→c, the straightest continuation; hasPred marks continued slots.
  const successor = new Int32Array(m).fill(-1);
  const bestScore = new Float64Array(m).fill(Math.cos(RUN_MAX_TURN_RAD) ** 2);
  const hasPred = new Uint8Array(m);
  const ratio2 = RUN_LENGTH_RATIO * RUN_LENGTH_RATIO;
  for (let b = 0; b < n; b++) {
    const s0 = start[b]!;
    const s1 = start[b + 1]!;
    for (let i = s0; i < s1; i++) {
      const li = bl2[i]!;
      if (li === 0) continue;
      const xi = bx[i]!;
      const yi = by[i]!;
      for (let j = i + 1; j < s1; j++) {
        const lj = bl2[j]!;
        if (lj === 0 || lj > li * ratio2 || lj * ratio2 < li) continue;
        const dot = xi * bx[j]! + yi * by[j]!;
        if (dot >= 0) continue; // a and c must lie on opposite sides of b
        const score = (dot * dot) / (li * lj);
        const into = rev[i]!; // a→b continues as b→c (slot j)
        if (score > bestScore[into]!) ((bestScore[into] = score), (successor[into] = j));
        const back = rev[j]!; // c→b continues as b→a (slot i)
        if (score > bestScore[back]!) ((bestScore[back] = score), (successor[back] = i));
      }
    }
  }
  for (let sl = 0; sl < m; sl++) if (successor[sl]! >= 0) hasPred[successor[sl]!] = 1;
  const runs: number[][] = [];
  for (let a = 0; a < n; a++) {
    for (let sa = start[a]!; sa < start[a + 1]!; sa++) {
      if (hasPred[sa] || successor[sa]! < 0) continue;
      const run = [a, adj[sa]!];
      let slot = successor[sa]!;
      let guard = 0;
      while (slot >= 0 && guard++ < n) {
        run.push(adj[slot]!);
        slot = successor[slot]!;
      }
      // Each line is found once from each end; keep the one starting at the lower index.
      if (run.length >= RUN_MIN_DOTS && run[0]! < run[run.length - 1]!) runs.push(run);
    }
  }
  return runs;
}

/**
 * Uncovered skin: raster cells farther than UNCOVERED_FACTOR spacings from every
 * impression (UNCOVERED_FACTOR_AT_EDGE inside the hairline fade band), grouped into
 * gaps whose largest empty circle is reported.
 */
function coverage(
  raster: AreaRaster,
  px: Float64Array,
  py: Float64Array,
  s: number,
): { uncoveredFraction: number; gaps: Gap[] } {
  const { cell, cols, rows, mask, edgeDistance } = raster;
  const reachEdge = UNCOVERED_FACTOR_AT_EDGE * s;
  const reach = UNCOVERED_FACTOR * s;
  // Squared distance from each cell centre to the nearest impression, within reach.
  const dist2 = raster.scratch.dist2.fill(Infinity);
  for (let k = 0; k < px.length; k++) {
    const x = px[k]!;
    const y = py[k]!;
    // The wider reach is needed only where a fade-band cell could be within it.
    const nearEdge = edgeDistance[cellIndex(raster, x, y)]! < EDGE_BAND * s + reachEdge + cell;
    const r = nearEdge ? reachEdge : reach;
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
  const reach2 = reach * reach;
  const reachEdge2 = reachEdge * reachEdge;
  const uncovered = raster.scratch.uncovered.fill(0);
  let count = 0;
  for (let i = 0; i < uncovered.length; i++) {
    if (!mask[i]) continue;
    if (dist2[i]! > (edgeDistance[i]! < EDGE_BAND * s ? reachEdge2 : reach2)) ((uncovered[i] = 1), count++);
  }
  // Group uncovered cells (4-connected); each group's deepest cell is its empty circle.
  const gaps: Gap[] = [];
  const seen = raster.scratch.seen.fill(0);
  if (count === 0) return { uncoveredFraction: 0, gaps };
  const depth = chamferDepth(uncovered, cols, rows);
  const queue: number[] = [];
  for (let i = 0; i < uncovered.length; i++) {
    if (!uncovered[i] || seen[i]) continue;
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
      const around = [
        c > 0 ? j - 1 : -1,
        c < cols - 1 ? j + 1 : -1,
        r > 0 ? j - cols : -1,
        r < rows - 1 ? j + cols : -1,
      ];
      for (const nb of around) if (nb >= 0 && uncovered[nb] && !seen[nb]) ((seen[nb] = 1), queue.push(nb));
    }
    if (size < 2) continue;
    const r = Math.floor(best / cols);
    const c = best - r * cols;
    const x = (c + 0.5) * cell;
    const y = (r + 0.5) * cell;
    const radius = Number.isFinite(dist2[best]!) ? Math.sqrt(dist2[best]!) : depth[best]! * cell + reach;
    gaps.push({ x, y, r: radius });
  }
  gaps.sort((a, b) => b.r - a.r);
  return { uncoveredFraction: raster.areaCells ? count / raster.areaCells : 1, gaps };
}

/** Distance (in cells, chessboard) of each marked cell to the nearest unmarked one. */
function chamferDepth(marked: Uint8Array, cols: number, rows: number): Uint16Array {
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
function quadratVariance(raster: AreaRaster, px: Float64Array, py: Float64Array): number {
  const q = QUADRAT_CELLS;
  const qCols = Math.floor(raster.cols / q);
  const qRows = Math.floor(raster.rows / q);
  if (qCols === 0 || qRows === 0) return 0;
  const full = new Uint8Array(qCols * qRows);
  for (let qr = 0; qr < qRows; qr++)
    for (let qc = 0; qc < qCols; qc++) {
      let all = 1;
      for (let r = qr * q; r < (qr + 1) * q && all; r++)
        for (let c = qc * q; c < (qc + 1) * q; c++) if (!raster.mask[r * raster.cols + c]) ((all = 0), (c = Infinity));
      full[qr * qCols + qc] = all;
    }
  const counts = new Float64Array(qCols * qRows);
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

/**
 * The hairline: density in the fade band (within EDGE_BAND spacings of the edge) against
 * the interior (beyond EDGE_INTERIOR), and how irregular the front is — the spread of the
 * front-most impression's distance to the edge over stretches of 3 spacings.
 */
function hairline(edge: Ring, raster: AreaRaster, px: Float64Array, py: Float64Array, s: number) {
  let bandCells = 0;
  let interiorCells = 0;
  for (let i = 0; i < raster.mask.length; i++) {
    if (!raster.mask[i]) continue;
    const d = raster.edgeDistance[i]!;
    if (d < EDGE_BAND * s) bandCells++;
    else if (d >= EDGE_INTERIOR * s) interiorCells++;
  }
  const cellArea = raster.cell * raster.cell;
  const arcStart = new Float64Array(edge.length);
  for (let i = 1; i < edge.length; i++)
    arcStart[i] = arcStart[i - 1]! + Math.hypot(edge[i]![0] - edge[i - 1]![0], edge[i]![1] - edge[i - 1]![1]);
  const stretch = 3 * s;
  const stretches = Math.max(1, Math.ceil(polylineLength(edge) / stretch));
  const frontDist = new Float64Array(stretches).fill(Infinity);
  const frontIdx = new Int32Array(stretches).fill(-1);
  let inBand = 0;
  let inInterior = 0;
  for (let k = 0; k < px.length; k++) {
    // The raster's distance is within a cell of the truth; measure exactly only near the edge.
    const ci = cellIndex(raster, px[k]!, py[k]!);
    const approx = raster.edgeDistance[ci]!;
    const near = approx < 4 * s + raster.cell;
    // Exact distance against the cell's nearest segment and its neighbours.
    const seg = raster.edgeSegment[ci]!;
    const piece = near ? edge.slice(Math.max(0, seg - 1), Math.min(edge.length, seg + 3)) : null;
    const d = piece ? distanceToPolyline(px[k]!, py[k]!, piece) : approx;
    if (d < EDGE_BAND * s) inBand++;
    else if (d >= EDGE_INTERIOR * s) inInterior++;
    if (d < 4 * s) {
      const along = arcStart[Math.max(0, seg - 1)]! + arcPositionOnPolyline(px[k]!, py[k]!, piece!);
      const st = Math.min(stretches - 1, Math.floor(along / stretch));
      if (d < frontDist[st]!) ((frontDist[st] = d), (frontIdx[st] = k));
    }
  }
  const bandDensity = bandCells ? inBand / (bandCells * cellArea) : 0;
  const interiorDensity = interiorCells ? inInterior / (interiorCells * cellArea) : 0;
  const fadeRatio = interiorDensity > 0 ? bandDensity / interiorDensity : 0;
  const fronts = Array.from(frontDist).filter(Number.isFinite);
  const mean = fronts.reduce((a, b) => a + b, 0) / (fronts.length || 1);
  const sd = fronts.length > 1 ? Math.sqrt(fronts.reduce((a, b) => a + (b - mean) ** 2, 0) / (fronts.length - 1)) : 0;
  return { fadeRatio, irregularity: sd / s, front: Array.from(frontIdx).filter((k) => k >= 0) };
}
