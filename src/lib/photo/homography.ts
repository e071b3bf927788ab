/**
 * Plane-to-plane perspective maps (homographies) fitted to point pairs by least squares,
 * with Hartley normalisation so millimetres and megapixel coordinates condition alike.
 */

/** A 3×3 homography, row-major, h[8] = 1. */
export type Homography = Float64Array;

/** Maps a point through a homography. */
export function project(h: Homography, x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

function normaliser(pts: [number, number][]): Float64Array {
  let cx = 0;
  let cy = 0;
  for (const [x, y] of pts) {
    cx += x;
    cy += y;
  }
  cx /= pts.length;
  cy /= pts.length;
  let d = 0;
  for (const [x, y] of pts) d += Math.hypot(x - cx, y - cy);
  const s = Math.SQRT2 / (d / pts.length || 1);
  return Float64Array.of(s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1);
}

/** The product a·b of two 3×3 matrices. */
export function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const r = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      r[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return r;
}

/** The inverse of a 3×3 matrix (scaled so r[8] = 1 when possible). */
export function invert(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m as unknown as number[];
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  const r = Float64Array.of(
    A,
    -(b! * i! - c! * h!),
    b! * f! - c! * e!,
    B,
    a! * i! - c! * g!,
    -(a! * f! - c! * d!),
    C,
    -(a! * h! - b! * g!),
    a! * e! - b! * d!,
  ).map((v) => v / det);
  const s = r[8]!;
  return Math.abs(s) > 1e-12 ? r.map((v) => v / s) : r;
}

/** Solves the n×n system a·x = b in place (Gaussian elimination, partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < 1e-12) return null;
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/**
 * The homography taking each `from` point to its `to` point (≥ 4 pairs, not all on one
 * line), least squares over all pairs; null when the points do not fix one.
 */
export function fitHomography(from: [number, number][], to: [number, number][]): Homography | null {
  if (from.length !== to.length || from.length < 4) return null;
  const nf = normaliser(from);
  const nt = normaliser(to);
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  for (let k = 0; k < from.length; k++) {
    const [x, y] = project(nf, from[k]![0], from[k]![1]);
    const [u, v] = project(nt, to[k]![0], to[k]![1]);
    const rows: [number[], number][] = [
      [[x, y, 1, 0, 0, 0, -u * x, -u * y], u],
      [[0, 0, 0, x, y, 1, -v * x, -v * y], v],
    ];
    for (const [r, rhs] of rows)
      for (let i = 0; i < 8; i++) {
        atb[i]! += r[i]! * rhs;
        for (let j = 0; j < 8; j++) ata[i]![j]! += r[i]! * r[j]!;
      }
  }
  const h = solve(ata, atb);
  if (!h || h.some((v) => !Number.isFinite(v))) return null;
  const hn = Float64Array.of(...h, 1);
  const m = multiply(invert(nt), multiply(hn, nf));
  return m.map((v) => v / m[8]!);
}
