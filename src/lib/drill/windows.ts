/**
 * Local statistics in sliding windows of a few spacings over the template raster, read
 * from summed-area tables in O(cells): density both ways (heavy and thin areas, a density
 * gradient across the work) and bond-orientational order (patches of grid, even when
 * patches at different angles cancel in the global ψ4/ψ6).
 */
import type { AreaRaster } from './raster.ts';
import { selectKth } from './triangulation.ts';

/** A window that stands out, as a circle in mm. */
export interface WindowMark {
  x: number;
  y: number;
  r: number;
  /** The window's value: density ÷ typical density, or local order. */
  value: number;
}

/**
 * Summed-area table of a cols × rows grid: entry (r, c) is the sum over rows < r, cols < c.
 * Written into `out` when given (its first row and column must be 0, as they stay).
 */
export function summedArea(grid: ArrayLike<number>, cols: number, rows: number, out?: Float64Array): Float64Array {
  const w = cols + 1;
  const sat = out ?? new Float64Array(w * (rows + 1));
  for (let r = 0; r < rows; r++) {
    let line = 0;
    for (let c = 0; c < cols; c++) {
      line += grid[r * cols + c]!;
      sat[(r + 1) * w + c + 1] = sat[r * w + c + 1]! + line;
    }
  }
  return sat;
}

/**
 * `summedArea` of a Float32Array grid into `out` (one element type, so the loop stays
 * monomorphic). Two rows at a time: their running sums are independent chains of additions
 * that overlap, and the second row adds to the first row's entry just written (the same sums).
 */
function summedArea32(grid: Float32Array, cols: number, rows: number, out: Float64Array): Float64Array {
  const w = cols + 1;
  for (let r = 0; r < rows; r += 2) {
    const two = r + 1 < rows;
    let line = 0;
    let line1 = 0;
    const g = r * cols;
    const above = r * w + 1;
    const here = above + w;
    for (let c = 0; c < cols; c++) {
      line += grid[g + c]!;
      const v = out[above + c]! + line;
      out[here + c] = v;
      if (two) {
        line1 += grid[g + cols + c]!;
        out[here + w + c] = v + line1;
      }
    }
  }
  return out;
}

/** Sum over the window of `size` cells whose top-left cell is (r, c). */
export function windowSum(sat: Float64Array, cols: number, r: number, c: number, size: number): number {
  const w = cols + 1;
  return sat[(r + size) * w + c + size]! - sat[r * w + c + size]! - sat[(r + size) * w + c]! + sat[r * w + c]!;
}

const scratch = new WeakMap<AreaRaster, Float64Array[]>();

/** Seven reusable summed-area buffers of the raster's size (scoring is synchronous). */
function buffers(raster: AreaRaster): Float64Array[] {
  let b = scratch.get(raster);
  if (!b) {
    const size = (raster.cols + 1) * (raster.rows + 1);
    b = Array.from({ length: 7 }, () => new Float64Array(size));
    scratch.set(raster, b);
  }
  return b;
}

/** Picks up to `max` windows by descending `value`, none overlapping an earlier pick. */
export function pickApart(candidates: WindowMark[], max: number): WindowMark[] {
  candidates.sort((a, b) => b.value - a.value);
  const out: WindowMark[] = [];
  for (const m of candidates) {
    if (out.length >= max) break;
    if (out.every((o) => Math.hypot(o.x - m.x, o.y - m.y) >= o.r + m.r)) out.push(m);
  }
  return out;
}

/** The windows (almost) wholly judged, per judged-cell mask and window size, with buffers for their ratios. */
interface FullWindows {
  count: number;
  r: Int32Array;
  c: Int32Array;
  /** Judged cells in each window. */
  judged: Float64Array;
  cx: Float64Array;
  cy: Float64Array;
  ratios: Float64Array;
  work: Float64Array;
}
const fullCache = new WeakMap<Uint8Array, Map<number, FullWindows>>();

/**
 * The windows of `size` cells (every WINDOW_STRIDE cells) with at least 90 % of their cells
 * judged, their judged-cell counts and centres (memoised: a mask is built once per raster
 * and fade depth, never changed).
 */
function fullWindows(raster: AreaRaster, judged: Uint8Array, size: number): FullWindows {
  let bySize = fullCache.get(judged);
  if (!bySize) fullCache.set(judged, (bySize = new Map()));
  const hit = bySize.get(size);
  if (hit) return hit;
  const { cols, rows, cell } = raster;
  const sat = summedArea(judged, cols, rows);
  const full = 0.9 * size * size;
  const cap = (Math.floor(rows / WINDOW_STRIDE) + 1) * (Math.floor(cols / WINDOW_STRIDE) + 1);
  const out: FullWindows = {
    count: 0,
    r: new Int32Array(cap),
    c: new Int32Array(cap),
    judged: new Float64Array(cap),
    cx: new Float64Array(cap),
    cy: new Float64Array(cap),
    ratios: new Float64Array(cap),
    work: new Float64Array(cap),
  };
  for (let r = 0; r + size <= rows; r += WINDOW_STRIDE)
    for (let c = 0; c + size <= cols; c += WINDOW_STRIDE) {
      const j = windowSum(sat, cols, r, c, size);
      if (j < full) continue;
      const w = out.count++;
      out.r[w] = r;
      out.c[w] = c;
      out.judged[w] = j;
      out.cx[w] = (c + size / 2) * cell;
      out.cy[w] = (r + size / 2) * cell;
    }
  bySize.set(size, out);
  return out;
}

/** Window density results. */
export interface DensityWindows {
  /** Windows that lie (almost) wholly in the judged part of the area. */
  windows: number;
  /** Median window density ÷ the natural density at the spacing. */
  medianRatio: number;
  /** Largest and smallest window density ÷ the median window. */
  maxRelative: number;
  minRelative: number;
  /** Share of windows denser than HEAVY × the median, or thinner than THIN × the median. */
  heavyShare: number;
  thinShare: number;
  /** Change of fitted density across the work ÷ its mean: 0 for even work, ≳ 0.6 for one side dense, the other sparse. */
  gradient: number;
  /** Direction of increasing density (unit vector), for the finding. */
  gradientDir: [number, number];
  heavy: WindowMark[];
  thin: WindowMark[];
}

/** Windows are placed every this many cells (they overlap; a stride of 2 reads 4× fewer with the same coverage). */
export const WINDOW_STRIDE = 2;

/** A window denser than this × the median window is a heavy area. */
export const HEAVY = 1.7;
/** A window thinner than this × the median window is a thin area. */
export const THIN = 0.4;

/**
 * Density in sliding windows of `size` cells over cells where `judged[i]` is 1 (the area
 * outside any intended fade). `naturalPerMm2` is the density of natural work at the spacing.
 * `judged` is read once per mask (its summed-area table is memoised), so it must not change afterwards.
 */
export function densityWindows(
  raster: AreaRaster,
  counts: Float32Array,
  judged: Uint8Array,
  size: number,
  naturalPerMm2: number,
): DensityWindows {
  const { cols, rows, cell } = raster;
  const buf = buffers(raster);
  const satCount = summedArea32(counts, cols, rows, buf[5]!);
  const fw = fullWindows(raster, judged, size);
  const cellArea = cell * cell;
  const m = fw.count;
  const ratios = fw.ratios;
  const cx = fw.cx;
  const cy = fw.cy;
  for (let w = 0; w < m; w++) {
    const r = fw.r[w]!;
    const c = fw.c[w]!;
    ratios[w] = windowSum(satCount, cols, r, c, size) / (fw.judged[w]! * cellArea * naturalPerMm2);
  }
  const empty: DensityWindows = {
    windows: m,
    medianRatio: 0,
    maxRelative: 1,
    minRelative: 1,
    heavyShare: 0,
    thinShare: 0,
    gradient: 0,
    gradientDir: [0, 0],
    heavy: [],
    thin: [],
  };
  if (m < 4) return empty;
  fw.work.set(ratios.subarray(0, m));
  const med = selectKth(fw.work.subarray(0, m), m >> 1); // the upper median, without sorting
  if (med <= 0) return { ...empty, medianRatio: 0 };
  let heavyN = 0;
  let thinN = 0;
  let maxRel = 0;
  let minRel = Infinity;
  const heavy: WindowMark[] = [];
  const thin: WindowMark[] = [];
  const radius = (size * cell) / 2;
  // Least-squares plane ratio ≈ a + b·x + c·y (centred coordinates).
  let mx = 0,
    my = 0,
    mr = 0;
  for (let i = 0; i < m; i++) ((mx += cx[i]!), (my += cy[i]!), (mr += ratios[i]!));
  mx /= m;
  my /= m;
  mr /= m;
  let sxx = 0,
    sxy = 0,
    syy = 0,
    sxr = 0,
    syr = 0;
  for (let i = 0; i < m; i++) {
    const rel = ratios[i]! / med;
    if (rel > maxRel) maxRel = rel;
    if (rel < minRel) minRel = rel;
    if (rel > HEAVY) (heavyN++, heavy.push({ x: cx[i]!, y: cy[i]!, r: radius, value: rel }));
    if (rel < THIN) (thinN++, thin.push({ x: cx[i]!, y: cy[i]!, r: radius, value: 1 / Math.max(rel, 0.01) }));
    const x = cx[i]! - mx;
    const y = cy[i]! - my;
    const v = ratios[i]! - mr;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxr += x * v;
    syr += y * v;
  }
  const det = sxx * syy - sxy * sxy;
  let gb = 0,
    gc = 0;
  if (det > 1e-9) {
    gb = (sxr * syy - syr * sxy) / det;
    gc = (syr * sxx - sxr * sxy) / det;
  }
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const f = gb * (cx[i]! - mx) + gc * (cy[i]! - my);
    if (f < lo) lo = f;
    if (f > hi) hi = f;
  }
  const g = Math.hypot(gb, gc);
  return {
    windows: m,
    medianRatio: med,
    maxRelative: maxRel,
    minRelative: minRel,
    heavyShare: heavyN / m,
    thinShare: thinN / m,
    gradient: mr > 0 ? (hi - lo) / mr : 0,
    gradientDir: g > 0 ? [gb / g, gc / g] : [0, 0],
    heavy: pickApart(heavy, 5),
    thin: pickApart(thin, 5),
  };
}

/** Local order results. */
export interface OrderWindows {
  windows: number;
  /** Largest local max(ψ4, ψ6) over the windows. */
  maxOrder: number;
  /** Share of windows whose local order reads as a grid. */
  gridShare: number;
  patches: WindowMark[];
}

/** Local order above this reads as a patch of grid. */
export const GRID_ORDER = 0.5;

/**
 * Bond-orientational order in sliding windows of `size` cells holding at least `minBonds` bonds.
 * With `block` > 1 the per-cell sums are given on a coarser grid of `block` × `block` raster
 * cells (ceil(cols / block) columns); window size and stride must be multiples of it, so the
 * windows and their sums are the same, read from a table `block`² times smaller.
 */
export function orderWindows(
  raster: AreaRaster,
  cells: { c4: Float32Array; s4: Float32Array; c6: Float32Array; s6: Float32Array; count: Float32Array },
  size: number,
  minBonds: number,
  block = 1,
): OrderWindows {
  const { cols, rows, cell } = raster;
  if (size % block || WINDOW_STRIDE % block) throw new Error('window size and stride must be multiples of the block');
  const gcols = Math.ceil(cols / block);
  const grows = Math.ceil(rows / block);
  const gsize = size / block;
  const buf = buffers(raster);
  const sat = [cells.c4, cells.s4, cells.c6, cells.s6, cells.count].map((g, i) =>
    summedArea32(g, gcols, grows, buf[i]!),
  );
  const [satC4, satS4, satC6, satS6, satN] = sat as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  let windows = 0;
  let grid = 0;
  let maxOrder = 0;
  const patches: WindowMark[] = [];
  for (let r = 0; r + size <= rows; r += WINDOW_STRIDE)
    for (let c = 0; c + size <= cols; c += WINDOW_STRIDE) {
      const gr = r / block;
      const gc = c / block;
      const count = windowSum(satN, gcols, gr, gc, gsize);
      if (count < minBonds) continue;
      windows++;
      const a4 = windowSum(satC4, gcols, gr, gc, gsize);
      const b4 = windowSum(satS4, gcols, gr, gc, gsize);
      const a6 = windowSum(satC6, gcols, gr, gc, gsize);
      const b6 = windowSum(satS6, gcols, gr, gc, gsize);
      // Compare squares; one square root per window.
      const o = Math.sqrt(Math.max(a4 * a4 + b4 * b4, a6 * a6 + b6 * b6)) / count;
      if (o > maxOrder) maxOrder = o;
      if (o > GRID_ORDER) {
        grid++;
        patches.push({ x: (c + size / 2) * cell, y: (r + size / 2) * cell, r: (size * cell) / 2, value: o });
      }
    }
  return { windows, maxOrder, gridShare: windows ? grid / windows : 0, patches: pickApart(patches, 6) };
}
