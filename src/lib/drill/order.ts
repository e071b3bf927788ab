/**
 * Orientation kernels: bond-orientational order ψ4 / ψ6 of the short Delaunay bonds (over
 * the whole canvas and summed per raster cell, so windows can read local order), and the
 * anisotropy of nearest-neighbour bonds. No trigonometry: e^{2iθ} = (dx + i·dy)² / |d|².
 */
import type { Triangulation } from './triangulation.ts';

/**
 * cos 4θ, sin 4θ, cos 6θ, sin 6θ of the bond (dx, dy) of squared length `l2`, into `out`
 * (powers of e^{2iθ} = (dx + i·dy)² / l2, no trigonometry). Shared by `bondOrder` and the chain
 * pass, which sums the same terms.
 */
export function bondHarmonics(dx: number, dy: number, l2: number, out: Float64Array): void {
  const r2 = (dx * dx - dy * dy) / l2;
  const i2 = (2 * dx * dy) / l2;
  const r4 = r2 * r2 - i2 * i2;
  const i4 = 2 * r2 * i2;
  out[0] = r4;
  out[1] = i4;
  out[2] = r4 * r2 - i4 * i2;
  out[3] = r4 * i2 + i4 * r2;
}

const harmonics = new Float64Array(4);

/** Global order and, when `cellOf` is given, per-cell sums of e^{4iθ}, e^{6iθ} and bond counts. */
export interface BondOrder {
  psi4: number;
  psi6: number;
  bonds: number;
  /** Per raster cell (of the bond's midpoint): Σcos4θ, Σsin4θ, Σcos6θ, Σsin6θ, count. */
  cells: { c4: Float32Array; s4: Float32Array; c6: Float32Array; s6: Float32Array; count: Float32Array } | null;
}

/**
 * ψ4 and ψ6 over bonds no longer than `bondLimit`; with `cellOf(x, y)` (and `cellCount`)
 * each bond's terms are also added to the cell of its midpoint (into `reuse`, zeroed first, when
 * given, instead of new buffers). With `edges`, only those edges (indices into the
 * triangulation's edge list, in increasing order, a superset of the bonds within the limit)
 * are visited: the same sums in the same order. O(edges).
 */
export function bondOrder(
  tri: Triangulation,
  px: Float64Array,
  py: Float64Array,
  bondLimit: number,
  cellOf?: (x: number, y: number) => number,
  cellCount = 0,
  reuse?: NonNullable<BondOrder['cells']>,
  edges?: { list: Int32Array; count: number },
): BondOrder {
  const { ends, len2 } = tri;
  const limit2 = bondLimit * bondLimit;
  if (reuse) for (const g of [reuse.c4, reuse.s4, reuse.c6, reuse.s6, reuse.count]) g.fill(0);
  const cells = !cellOf
    ? null
    : (reuse ?? {
        c4: new Float32Array(cellCount),
        s4: new Float32Array(cellCount),
        c6: new Float32Array(cellCount),
        s6: new Float32Array(cellCount),
        count: new Float32Array(cellCount),
      });
  let c4 = 0,
    s4 = 0,
    c6 = 0,
    s6 = 0,
    bonds = 0;
  const listed = edges ? edges.count : tri.edgeCount;
  for (let q = 0; q < listed; q++) {
    const e = edges ? edges.list[q]! : q;
    const l2 = len2[e]!;
    if (l2 > limit2 || l2 === 0) continue;
    const a = ends[2 * e]!;
    const b = ends[2 * e + 1]!;
    const dx = px[b]! - px[a]!;
    const dy = py[b]! - py[a]!;
    bondHarmonics(dx, dy, l2, harmonics);
    const r4 = harmonics[0]!;
    const i4 = harmonics[1]!;
    const r6 = harmonics[2]!;
    const i6 = harmonics[3]!;
    c4 += r4;
    s4 += i4;
    c6 += r6;
    s6 += i6;
    bonds++;
    if (cells) {
      const c = cellOf!(px[a]! + dx * 0.5, py[a]! + dy * 0.5);
      cells.c4[c]! += r4;
      cells.s4[c]! += i4;
      cells.c6[c]! += r6;
      cells.s6[c]! += i6;
      cells.count[c]!++;
    }
  }
  return {
    psi4: bonds ? Math.hypot(c4, s4) / bonds : 0,
    psi6: bonds ? Math.hypot(c6, s6) / bonds : 0,
    bonds,
    cells,
  };
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
