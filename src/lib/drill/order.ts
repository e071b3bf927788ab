/**
 * Orientation kernels: bond-orientational order ψ4 / ψ6 of the short Delaunay bonds (over
 * the whole canvas and summed per block of raster cells, so windows can read local order), and the
 * anisotropy of nearest-neighbour bonds. No trigonometry: e^{2iθ} = (dx + i·dy)² / |d|².
 */
import type { Triangulation } from './triangulation.ts';

/**
 * Where bond-orientational sums go (`orderSums`; the chain search fills one on the way, over
 * its short bonds): totals, and per block of raster cells into `cells`.
 */
export interface OrderSink {
  limit: number;
  /**
   * The cell of a bond midpoint is the block of its clamped raster cell: ⌊row / block⌋ ·
   * blockCols + ⌊col / block⌋, with `block` a power of two.
   */
  grid: { cell: number; cols: number; rows: number; block: number; blockCols: number };
  cells: { c4: Float32Array; s4: Float32Array; c6: Float32Array; s6: Float32Array; count: Float32Array };
  /** Written by `orderSums`: Σcos4θ, Σsin4θ, Σcos6θ, Σsin6θ and the number of bonds. */
  c4?: number;
  s4?: number;
  c6?: number;
  s6?: number;
  bonds?: number;
}

/**
 * ψ4 / ψ6 sums of the bonds `list[0…count)` (edge indices of `tri`) no longer than `order.limit`,
 * into `order`: totals, and per block of the grid into its cells (zeroed first). O(count).
 */
export function orderSums(order: OrderSink, list: Int32Array, count: number, tri: Triangulation): void {
  const { ends, len2, px, py } = tri;
  const cells = order.cells;
  for (const g of [cells.c4, cells.s4, cells.c6, cells.s6, cells.count]) g.fill(0);
  const orderLimit2 = order.limit * order.limit;
  let c4 = 0,
    s4 = 0,
    c6 = 0,
    s6 = 0,
    orderBonds = 0;
  const { cell: gCell, cols: gCols, rows: gRows, blockCols: gBlockCols } = order.grid;
  // Blocks of a power of two cells: shift instead of dividing.
  const gShift = Math.log2(order.grid.block);
  const { c4: cc4, s4: cs4, c6: cc6, s6: cs6, count: cn } = cells;
  for (let q = 0; q < count; q++) {
    const k = list[q]!;
    const l2 = len2[k]!;
    if (l2 > orderLimit2 || l2 === 0) continue;
    const a = ends[2 * k]!;
    const b = ends[2 * k + 1]!;
    // Exactly the vector the listing squared.
    const dx = px[b]! - px[a]!;
    const dy = py[b]! - py[a]!;
    // e^{iθ} powers without trigonometry.
    const r2 = (dx * dx - dy * dy) / l2;
    const i2 = (2 * dx * dy) / l2;
    const r4 = r2 * r2 - i2 * i2;
    const i4 = 2 * r2 * i2;
    const r6 = r4 * r2 - i4 * i2;
    const i6 = r4 * i2 + i4 * r2;
    c4 += r4;
    s4 += i4;
    c6 += r6;
    s6 += i6;
    orderBonds++;
    const col = Math.min(gCols - 1, Math.max(0, Math.floor((px[a]! + dx * 0.5) / gCell)));
    const row = Math.min(gRows - 1, Math.max(0, Math.floor((py[a]! + dy * 0.5) / gCell)));
    const cell = (row >> gShift) * gBlockCols + (col >> gShift);
    cc4[cell]! += r4;
    cs4[cell]! += i4;
    cc6[cell]! += r6;
    cs6[cell]! += i6;
    cn[cell]!++;
  }
  Object.assign(order, { c4, s4, c6, s6, bonds: orderBonds });
}

/** |mean e^{2iθ}| over nearest-neighbour bonds: rows and combed directions read high. O(n). */
export function nnAnisotropy(px: Float64Array, py: Float64Array, nn: Float64Array, nnIdx: Int32Array): number {
  let c2 = 0,
    s2 = 0,
    count = 0;
  for (let k = 0; k < px.length; k++) {
    const j = nnIdx[k]!;
    if (j < 0 || nn[k] === 0) continue;
    const dx = px[j]! - px[k]!;
    const dy = py[j]! - py[k]!;
    const l2 = dx * dx + dy * dy;
    c2 += (dx * dx - dy * dy) / l2;
    s2 += (2 * dx * dy) / l2;
    count++;
  }
  return count ? Math.hypot(c2, s2) / count : 0;
}
