/**
 * The hairline kernel: the density profile in bands one spacing deep from the front edge
 * (against the interior), the stagger between neighbouring front-most impressions, and
 * stretches of the edge the work does not reach. O(n) plus O(cells) once per call.
 */
import { polylineLength, type Ring } from './geometry.ts';
import { cellIndex, type AreaRaster } from './raster.ts';

/** Profile bands (each one spacing deep) measured from the edge. */
export const PROFILE_BANDS = 5;
/** The interior reference starts this many spacings behind the edge. */
export const EDGE_INTERIOR = 5;
/** v1's single fade band, in spacings (kept for the metrics). */
export const EDGE_FADE_BAND = 2.5;
/** Front-most impressions are looked for within this many spacings of the edge. */
export const FRONT_SEARCH = 4;
/** Stagger compares the front-most impressions of neighbouring stretches this many spacings long. */
export const FINE_STRETCH = 1.5;
/** A stretch of the edge whose front-most impression is farther than this (spacings) is not reached. */
export const FRONT_REACH = 2.5;

/** What the hairline kernel measures. */
export interface HairlineMeasure {
  /** Density in each band [j·s, (j+1)·s) from the edge ÷ interior density. */
  profile: number[];
  /** v1: density within 2.5 spacings ÷ interior. */
  fadeRatio: number;
  /** v1: spread of front-most distances over 3-spacing stretches, in spacings. */
  irregularity: number;
  /** Median |dᵢ − (dᵢ₋₁ + dᵢ₊₁)/2| of the front-most impressions of neighbouring 1.5-spacing stretches, in spacings. */
  stagger: number;
  /** Triples of neighbouring stretches that the stagger was measured on. */
  staggerSamples: number;
  /** Share of 3-spacing stretches whose front-most impression lies farther than FRONT_REACH spacings back. */
  unreachedShare: number;
  /** Midpoints (mm) of unreached stretches. */
  unreached: Array<{ x: number; y: number }>;
  /** Largest mean distance (spacings) of the front behind the line over 3 neighbouring 3-spacing stretches: the front drifting off the design line. */
  drift: number;
  /** Where on the line that drift is largest (mm). */
  driftAt: { x: number; y: number } | null;
  /** Front-most impression of each 3-spacing stretch (indices into the measured points). */
  front: number[];
}

const bandCache = new WeakMap<
  AreaRaster,
  Map<number, { bandCells: Float64Array; fadeCells: number; interiorCells: number }>
>();

/** Cells of the area in each profile band, the fade band and the interior (memoised per raster and spacing). */
function bandAreas(raster: AreaRaster, s: number) {
  let bySpacing = bandCache.get(raster);
  if (!bySpacing) bandCache.set(raster, (bySpacing = new Map()));
  const hit = bySpacing.get(s);
  if (hit) return hit;
  const bandCells = new Float64Array(PROFILE_BANDS);
  let fadeCells = 0;
  let interiorCells = 0;
  for (let i = 0; i < raster.mask.length; i++) {
    if (!raster.mask[i]) continue;
    const d = raster.edgeDistance[i]! / s;
    if (d < PROFILE_BANDS) bandCells[Math.floor(d)]!++;
    if (d < EDGE_FADE_BAND) fadeCells++;
    else if (d >= EDGE_INTERIOR) interiorCells++;
  }
  const out = { bandCells, fadeCells, interiorCells };
  bySpacing.set(s, out);
  return out;
}

/** Measures the hairline of the points (px, py) at spacing s (with each point's raster cell, when known). */
export function hairline(
  edge: Ring,
  raster: AreaRaster,
  px: Float64Array,
  py: Float64Array,
  s: number,
  cellOfDot?: Int32Array,
): HairlineMeasure {
  const { bandCells, fadeCells, interiorCells } = bandAreas(raster, s);
  const cellArea = raster.cell * raster.cell;
  const arcStart = new Float64Array(edge.length);
  for (let i = 1; i < edge.length; i++)
    arcStart[i] = arcStart[i - 1]! + Math.hypot(edge[i]![0] - edge[i - 1]![0], edge[i]![1] - edge[i - 1]![1]);
  const length = polylineLength(edge);
  const coarse = Math.max(1, Math.ceil(length / (3 * s)));
  const fine = Math.max(1, Math.ceil(length / (FINE_STRETCH * s)));
  const coarseDist = new Float64Array(coarse).fill(Infinity);
  const coarseIdx = new Int32Array(coarse).fill(-1);
  const fineDist = new Float64Array(fine).fill(Infinity);
  const inBand = new Float64Array(PROFILE_BANDS);
  let inFade = 0;
  let inInterior = 0;
  const nearLimit = Math.max(PROFILE_BANDS, FRONT_SEARCH) * s + raster.cell;
  const { edgeDistance, edgeSegment } = raster;
  for (let k = 0; k < px.length; k++) {
    const ci = cellOfDot ? cellOfDot[k]! : cellIndex(raster, px[k]!, py[k]!);
    const approx = edgeDistance[ci]!;
    if (!(approx < nearLimit)) {
      // Far from the line: the cell's distance places it, without the line's pieces.
      const d = approx / s;
      if (d < PROFILE_BANDS) inBand[Math.floor(d)]!++;
      if (d < EDGE_FADE_BAND) inFade++;
      else if (d >= EDGE_INTERIOR) inInterior++;
      continue;
    }
    const seg = edgeSegment[ci]!;
    const piece = seg >= 0;
    const lo = Math.max(0, seg - 1);
    const hi = Math.min(edge.length, seg + 3);
    const d = piece ? nearPiece(px[k]!, py[k]!, edge, lo, hi) / s : approx / s;
    if (d < PROFILE_BANDS) inBand[Math.floor(d)]!++;
    if (d < EDGE_FADE_BAND) inFade++;
    else if (d >= EDGE_INTERIOR) inInterior++;
    if (piece && d < FRONT_SEARCH) {
      const along = arcStart[lo]! + pieceArc(edge, lo);
      const c = Math.min(coarse - 1, Math.floor(along / (3 * s)));
      if (d < coarseDist[c]!) ((coarseDist[c] = d), (coarseIdx[c] = k));
      const f = Math.min(fine - 1, Math.floor(along / (FINE_STRETCH * s)));
      if (d < fineDist[f]!) fineDist[f] = d;
    }
  }
  const interiorDensity = interiorCells ? inInterior / (interiorCells * cellArea) : 0;
  const rel = (count: number, cells: number) =>
    interiorDensity > 0 && cells > 0 ? count / (cells * cellArea) / interiorDensity : 0;
  const profile = Array.from(bandCells, (cells, j) => rel(inBand[j]!, cells));
  // v1 spread of the coarse front.
  const fronts = Array.from(coarseDist).filter(Number.isFinite);
  const mean = fronts.reduce((a, b) => a + b, 0) / (fronts.length || 1);
  const sd = fronts.length > 1 ? Math.sqrt(fronts.reduce((a, b) => a + (b - mean) ** 2, 0) / (fronts.length - 1)) : 0;
  // Stagger between neighbouring front-most impressions.
  const devs: number[] = [];
  for (let i = 1; i + 1 < fine; i++) {
    const a = fineDist[i - 1]!;
    const b = fineDist[i]!;
    const c = fineDist[i + 1]!;
    if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c)) devs.push(Math.abs(b - (a + c) / 2));
  }
  // Numeric typed-array sort: the same order for these non-negative values, without a comparator.
  const sorted = Float64Array.from(devs).sort();
  const stagger = sorted.length ? sorted[sorted.length >> 1]! : 0;
  // The point on the line at arc length `at`.
  const pointAt = (at: number) => {
    let i = 1;
    while (i < edge.length - 1 && arcStart[i]! < at) i++;
    const a = edge[i - 1]!;
    const b = edge[i]!;
    const span = arcStart[i]! - arcStart[i - 1]!;
    const t = span > 0 ? Math.max(0, Math.min(1, (at - arcStart[i - 1]!) / span)) : 0;
    return { x: a[0] + t * (b[0] - a[0]), y: a[1] + t * (b[1] - a[1]) };
  };
  // Stretches the work does not reach.
  // The first and last stretch end in the area's corners (a thin wedge), so they are not judged.
  const first = coarse > 4 ? 1 : 0;
  const last = coarse > 4 ? coarse - 1 : coarse;
  const unreached: Array<{ x: number; y: number }> = [];
  for (let c = first; c < last; c++)
    if (coarseDist[c]! > FRONT_REACH) unreached.push(pointAt(Math.min(length, (c + 0.5) * 3 * s)));
  // Drift: the front, smoothed over three stretches, behind the line.
  let drift = 0;
  let driftAt: { x: number; y: number } | null = null;
  for (let c = first; c + 2 < last; c++) {
    let sum = 0;
    for (let k = c; k < c + 3; k++) sum += Math.min(FRONT_SEARCH, coarseDist[k]!);
    if (sum / 3 > drift) ((drift = sum / 3), (driftAt = pointAt(Math.min(length, (c + 1.5) * 3 * s))));
  }
  return {
    profile,
    fadeRatio: rel(inFade, fadeCells),
    irregularity: sd,
    stagger,
    staggerSamples: devs.length,
    unreachedShare: last > first ? unreached.length / (last - first) : 0,
    unreached,
    drift,
    driftAt,
    front: Array.from(coarseIdx).filter((k) => k >= 0),
  };
}

/** The segment (index of its end point) and position on it of the latest `nearPiece` answer. */
let nearSeg = 0;
let nearT = 0;

/**
 * On the piece edge[lo..hi) of the line, without copying it: the distance from (x, y) to the
 * piece (as distanceToPolyline), comparing squared distances; the closest segment and the
 * position on it are kept for `pieceArc`.
 */
function nearPiece(x: number, y: number, edge: Ring, lo: number, hi: number): number {
  let best = Infinity;
  for (let i = lo + 1; i < hi; i++) {
    const a = edge[i - 1]!;
    const b = edge[i]!;
    const ax = a[0];
    const ay = a[1];
    const dx = b[0] - ax;
    const dy = b[1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const ex = x - (ax + t * dx);
    const ey = y - (ay + t * dy);
    const d2 = ex * ex + ey * ey;
    if (d2 < best) ((best = d2), (nearSeg = i), (nearT = t));
  }
  return Math.sqrt(best);
}

/** Arc length along the piece from edge[lo] to the closest point of the latest `nearPiece` call (as arcPositionOnPolyline). */
function pieceArc(edge: Ring, lo: number): number {
  const len = (i: number) => {
    const dx = edge[i]![0] - edge[i - 1]![0];
    const dy = edge[i]![1] - edge[i - 1]![1];
    return Math.sqrt(dx * dx + dy * dy);
  };
  let travelled = 0;
  for (let i = lo + 1; i < nearSeg; i++) travelled += len(i);
  return travelled + nearT * len(nearSeg);
}
