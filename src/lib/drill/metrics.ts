/**
 * Measurements of a pattern of impressions on a template: the pipeline that runs each
 * kernel once, in order, and gathers what a score or an overlay needs.
 *
 *  1. `classify`: inside the area, spilled within a small tolerance, outside, or in a hole.
 *  2. `triangulate` (triangulation.ts): one Delaunay triangulation → nearest neighbours, bonds.
 *  3. nearest-neighbour statistics on interior impressions; close pairs and blots (diameters).
 *  4. `chains` (chains.ts): straight rows and curved tracks.
 *  5. `orderSums` (with the chains) / `nnAnisotropy` (order.ts): global and per-block orientational order, over
 *     the chain search's short bonds only.
 *  6. `coverage` / `quadratVariance` (coverage.ts): bare skin, empty circles, quadrat variance.
 *  7. `densityWindows` / `orderWindows` (windows.ts): heavy and thin areas, gradients, grid patches.
 *  8. `hairline` (hairline.ts): fade profile, front stagger, unreached stretches.
 *  9. `onEarlierWork`: impressions of the last session placed on top of earlier ones (kdbush).
 *
 * Everything is O(n log n) in the impressions plus O(cells) over the cached raster.
 * Indices in the result refer to the caller's dot array.
 */
import KDBush from 'kdbush';
import { chainBend, chainsByRule, ROW_RULE, TRACK_RULE } from './chains.ts';
import { coverage, emptyCircles, FADE_GAP_ALLOWANCE, quadratVariance, type EmptyCircle, type Gap } from './coverage.ts';
import { areaOf, distanceToRing, pointInRingFast, type Area, type Ring } from './geometry.ts';
import { hairline } from './hairline.ts';
import { nnAnisotropy, type OrderSink } from './order.ts';
import { cachedRaster, cellInArea, cellIndex, cellOnGrid, rasterizeArea, type AreaRaster } from './raster.ts';
import type { Template } from './template.ts';
import { median, triangulate } from './triangulation.ts';
import {
  densityWindows,
  orderWindows,
  summedArea,
  windowSum,
  type DensityWindows,
  type OrderWindows,
} from './windows.ts';

export type { Gap } from './coverage.ts';
export { EDGE_BAND, UNCOVERED_FACTOR, UNCOVERED_FACTOR_AT_EDGE } from './coverage.ts';
export { EDGE_INTERIOR } from './hairline.ts';

/** Density of a natural (Poisson-disk) pattern whose mean nearest-neighbour distance is s: ρ = k / s². */
export const NATURAL_DENSITY_FACTOR = 0.72;
/** Neighbours closer than this many spacings blur into one blot. */
export const CLOSE_FACTOR = 0.6;
/** A second impression closer than this many spacings is a double tap. */
export const DOUBLE_TAP_FACTOR = 0.35;
/** Coverage raster cell size, in spacings. */
export const RASTER_CELL = 0.75;
/** Density windows are this many raster cells square (about 5 spacings). */
export const DENSITY_WINDOW_CELLS = 7;
/** Order windows are this many raster cells square (7.5 spacings), with at least ORDER_WINDOW_BONDS bonds. */
export const ORDER_WINDOW_CELLS = 10;
/** Fewest bonds in an order window for its local order to count. */
export const ORDER_WINDOW_BONDS = 60;
/**
 * Fewest order windows for the share of grid windows to be judged. With fewer, each window
 * covers much of the work, so the global ψ4/ψ6 already judges it, while one window's local
 * order over ~60 bonds is noisy: natural work at 1.2× the spacing on the small diffuse-top
 * area has 0–2 windows, and one of two read 0.52 (seed 16). Work with grid patches has 180+.
 */
export const MIN_ORDER_WINDOWS = 12;
/** Empty circles smaller than this many (allowed) spacings are not reported. */
export const EMPTY_CIRCLE_REPORT = 1.3;
/** Fewest interior impressions for the neighbour-count variance to be judged (its noise is ~0.1 at 100). */
export const DEGREE_MIN_SAMPLE = 250;
/** Local areas are judged on impressions at least this many spacings from every boundary. */
export const AREA_CV_MARGIN = 2;
/** Local-area CV reported for work too small to judge it (typical natural work). */
export const NATURAL_AREA_CV = 0.22;
/** Below this local-area CV the most even window is located for the overlay. */
export const AREA_CV_MARK_BELOW = 0.2;
/** Behind a hairline, this many spacings are the intended fade (not judged for density). */
export const FADE_DEPTH = 4;
/** Impressions this far (mm) outside the outer border still count as on the border. */
export const OUTSIDE_TOLERANCE_MM = 0.5;
/** Impressions this far (mm) into a hole still count as on its rim. */
export const HOLE_TOLERANCE_MM = 0.15;
/** Runs kept as v1's name for the straight-row rule. */
export const RUN_MIN_DOTS = ROW_RULE.minDots;

/** The impressions to measure (mm), with optional diameters (mm) and sessions (1-based). */
export interface PatternInput {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Impression diameters (mm); the template's default when absent. */
  diameters?: ArrayLike<number>;
  /** The session that placed each impression (1-based); all in one session when absent. */
  sessions?: ArrayLike<number>;
}

/** Everything the pipeline measures on one pattern (indices into the caller's dots). */
export interface PatternMetrics {
  placed: number;
  inside: number;
  /** Indices of impressions not scored: outside the area beyond the tolerance, or in a hole. */
  outside: number[];
  /** Of those, the ones in a hole (the scar's keloid), and the ones beyond the outer border. */
  inHole: number[];
  beyondBorder: number[];
  /** Farthest distance (mm) of an impression beyond the outer border. */
  farthestOutsideMm: number;
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
  /** Impressions that touch or overlap their nearest neighbour at their diameters. */
  overlapCount: number;
  /** Pairs that touch or overlap (blots). */
  blotPairs: Array<[number, number]>;
  /** Impressions with a neighbour closer than DOUBLE_TAP_FACTOR × spacing, and those pairs. */
  doubleTapCount: number;
  doubleTapPairs: Array<[number, number]>;
  /** Distinct positions (impressions whose nearest neighbour is farther than 1 µm, plus one per pile). */
  distinct: number;
  meanDiameterMm: number;
  psi4: number;
  psi6: number;
  anisotropy: number;
  /** Straight, evenly spaced runs of ≥ RUN_MIN_DOTS impressions. */
  runs: number[][];
  /** Share of inside impressions that belong to a run. */
  runFraction: number;
  /** Impressions in the longest straight run. */
  longestRun: number;
  /** Chains along gently curving tracks (≥ TRACK_RULE.minDots), and the share of impressions in them. */
  tracks: number[][];
  trackFraction: number;
  longestTrack: number;
  densityRatio: number;
  /** Density where it is judged (outside a hairline fade) ÷ natural density at the spacing. */
  judgedDensityRatio: number;
  /** Largest empty circles (bare patches), judged against the working spacing. */
  emptyCircles: EmptyCircle[];
  /** Variance of the number of Delaunay neighbours of interior impressions: ~0.7 natural, ≲0.45 honeycomb-like. */
  degreeVariance: number;
  /**
   * Coefficient of variation of interior impressions' local areas (a third of each Delaunay
   * triangle to each corner), outside any hairline fade: natural ≈ .20–.25, Lloyd-relaxed ≈ .14–.17.
   */
  localAreaCv: number;
  /** The window where placement is most machine-even (only when localAreaCv is low), for the overlay. */
  evenest: { x: number; y: number; r: number; value: number } | null;
  uncoveredFraction: number;
  gaps: Gap[];
  quadratVmr: number;
  density: DensityWindows;
  order: OrderWindows;
  /** Hairline edge: density within 2.5 spacings of the edge, relative to the interior (v1). */
  edgeFadeRatio: number | null;
  /** Hairline edge: spread of the front-most impressions' distances to the edge, in spacings (v1). */
  edgeIrregularity: number | null;
  /** Hairline edge: density profile in one-spacing bands from the edge ÷ interior. */
  edgeProfile: number[] | null;
  /** Hairline edge: stagger between neighbouring front-most impressions, in spacings. */
  edgeStagger: number | null;
  /** Hairline edge: share of 3-spacing stretches of the edge the work does not reach, and where. */
  edgeUnreachedShare: number | null;
  edgeUnreached: Array<{ x: number; y: number }>;
  /** Hairline edge: how far (spacings) the front drifts behind the design line over ~9 spacings, and where. */
  edgeDrift: number | null;
  edgeDriftAt: { x: number; y: number } | null;
  /** Hairline edge: the front-most impression of each stretch of the edge. */
  edgeFront: number[];
  /** Impressions of the latest session (2+) placed on top of earlier, healed ones. */
  onEarlier: number[];
  /** Impressions of the latest session (0 when the input has no sessions). */
  latestSessionCount: number;
}

function templateArea(t: Template): Area {
  return { region: t.region, holes: t.holes };
}

/** The name of a template's raster: its id, version, cell size and hairline (see `templateRaster`). */
export function templateRasterKey(t: Template): string {
  return `${t.id}@${t.version}:${t.targetSpacingMm * RASTER_CELL}:${t.hairlineEdge ? 'edge' : 'none'}`;
}

/** The coverage raster of a template, built once per template version and spacing (or loaded: `preloadRaster`). */
export function templateRaster(t: Template): AreaRaster {
  const cell = t.targetSpacingMm * RASTER_CELL;
  return cachedRaster(templateRasterKey(t), () =>
    rasterizeArea(templateArea(t), t.width, t.height, cell, t.hairlineEdge as Ring | undefined),
  );
}

/** Where each impression stands against the area: scored, beyond the border, or in a hole. */
export interface Classification {
  scored: number[];
  beyondBorder: number[];
  inHole: number[];
  farthestOutsideMm: number;
}

/**
 * Classifies impressions: in the area (or within OUTSIDE_TOLERANCE_MM beyond the outer
 * border, or HOLE_TOLERANCE_MM into a hole: on the line) are scored; the rest are outside
 * or in a hole. Exact distances only for the few impressions off the raster's sure cells.
 * With `cells` (at least as long as `xs`), cells[k] is set to the raster cell (as `cellIndex`
 * gives it) of the k-th scored impression, read on the way.
 */
export function classify(
  raster: AreaRaster,
  area: Area,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  cells?: Int32Array,
): Classification {
  const scored: number[] = [];
  const beyondBorder: number[] = [];
  const inHole: number[] = [];
  let farthest = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const ci = cellOnGrid(raster, x, y);
    if (cells) cells[scored.length] = ci >= 0 ? ci : cellIndex(raster, x, y);
    if (cellInArea(raster, x, y, ci)) {
      scored.push(i);
      continue;
    }
    if (pointInRingFast(x, y, area.region)) {
      const hole = area.holes.find((h) => pointInRingFast(x, y, h));
      if (hole && distanceToRing(x, y, hole) > HOLE_TOLERANCE_MM) inHole.push(i);
      else scored.push(i);
      continue;
    }
    const d = distanceToRing(x, y, area.region);
    if (d <= OUTSIDE_TOLERANCE_MM) scored.push(i);
    else {
      beyondBorder.push(i);
      if (d > farthest) farthest = d;
    }
  }
  return { scored, beyondBorder, inHole, farthestOutsideMm: farthest };
}

/**
 * Impressions of the latest session that sit on an impression of an earlier one (closer
 * than `reach` mm): they should go between the healed impressions. Kdbush radius queries.
 */
export function onEarlierWork(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sessions: ArrayLike<number>,
  ids: readonly number[],
  reach: number,
): { onEarlier: number[]; latest: number } {
  let latest = 0;
  for (const i of ids) if (sessions[i]! > latest) latest = sessions[i]!;
  const older = ids.filter((i) => sessions[i]! < latest);
  const newer = ids.filter((i) => sessions[i]! === latest);
  if (latest < 2 || older.length === 0) return { onEarlier: [], latest: latest >= 2 ? newer.length : 0 };
  const index = new KDBush(older.length);
  for (const i of older) index.add(xs[i]!, ys[i]!);
  index.finish();
  const onEarlier = newer.filter((i) => index.within(xs[i]!, ys[i]!, reach).length > 0);
  return { onEarlier, latest: newer.length };
}

/** Runs every step of the pipeline on the impressions (see the module comment). */
export function measurePattern(template: Template, input: PatternInput): PatternMetrics {
  const s = template.targetSpacingMm;
  const area = templateArea(template);
  const raster = templateRaster(template);
  const placed = input.xs.length;

  // 1. Inside, on the line, outside, in a hole.
  // Each scored impression's raster cell, read by several steps below (classify reads it first).
  const cellOfDot0 = perDot.i32(placed);
  const cls = classify(raster, area, input.xs, input.ys, cellOfDot0);
  const insideIds = cls.scored;
  const outside = [...cls.beyondBorder, ...cls.inHole].sort((a, b) => a - b);
  const n = insideIds.length;
  const areaMm2 = areaOf(area);
  const px = perDot.f64(0, n);
  const py = perDot.f64(1, n);
  const dia = perDot.f64(2, n);
  const cellOfDot = cellOfDot0.subarray(0, n);
  // Where each impression stands, read once from its cell: bit 1, at least a spacing from every
  // boundary (nearest-neighbour statistics); bit 2, under 1.5 spacings (no degree); bit 4, not
  // judged for local area (within AREA_CV_MARGIN spacings of a boundary, or in a hairline fade).
  const place = perDot.flags(n);
  const fadeDepth = template.hairlineEdge ? FADE_DEPTH * s : -1;
  const areaMargin = AREA_CV_MARGIN * s;
  const { boundaryDistance, edgeDistance } = raster;
  // Impressions per raster cell (density windows) and in judged cells.
  const counts = orderScratch(raster).counts.fill(0);
  const { judged, cells: judgedCellCount } = judgedCells(raster, fadeDepth);
  let judgedCount = 0;
  let diaSum = 0;
  const { xs, ys, diameters } = input;
  const defaultDia = template.impressionDiameterMm;
  for (let k = 0; k < n; k++) {
    const i = insideIds[k]!;
    const x = xs[i]!;
    const y = ys[i]!;
    px[k] = x;
    py[k] = y;
    const ci = cellOfDot[k]!;
    const bd = boundaryDistance[ci]!;
    place[k] = (bd >= s ? 1 : 0) | (bd < 1.5 * s ? 2 : 0) | (bd < areaMargin || edgeDistance[ci]! < fadeDepth ? 4 : 0);
    counts[ci]!++;
    judgedCount += judged[ci]!;
    const di = diameters ? (diameters[i] ?? defaultDia) : defaultDia;
    dia[k] = di;
    diaSum += di;
  }

  // 2. Triangulation → nearest neighbours and bonds.
  const tri = triangulate(px, py, true);
  const { nn, nnIdx } = tri;

  // 3. Nearest-neighbour statistics on interior impressions (edge effects excluded).
  let interiorCount = 0;
  const interiorD = perDot.f64(3, n);
  if (n > 1) for (let k = 0; k < n; k++) if (place[k]! & 1) interiorD[interiorCount++] = nn[k]!;
  const useInterior = interiorCount >= 10;
  const d = useInterior ? interiorD.subarray(0, interiorCount) : n > 1 ? nn : new Float64Array(0);
  let nnSum = 0;
  for (let k = 0; k < d.length; k++) nnSum += d[k]!;
  const nnMean = d.length ? nnSum / d.length : 0;
  let nnSq = 0;
  for (let k = 0; k < d.length; k++) nnSq += (d[k]! - nnMean) ** 2;
  const nnVar = d.length ? nnSq / d.length : 0;
  const statArea = useInterior ? interiorArea(raster, s) : areaMm2;
  const clarkEvansR = d.length && statArea > 0 ? nnMean / (0.5 / Math.sqrt(d.length / statArea)) : 0;
  const nnMedian = median(d);

  // Close pairs, blots (touching at their diameters), double taps, distinct positions.
  const closePairs: Array<[number, number]> = [];
  const blotPairs: Array<[number, number]> = [];
  const doubleTapPairs: Array<[number, number]> = [];
  let closeCount = 0;
  let overlapCount = 0;
  let doubleTapCount = 0;
  let piled = 0;
  for (let k = 0; k < n; k++) {
    const j = nnIdx[k]!;
    if (j < 0) continue;
    const pair = k < j || nnIdx[j] !== k;
    if (nn[k]! < CLOSE_FACTOR * s) {
      closeCount++;
      if (pair) closePairs.push([insideIds[k]!, insideIds[j]!]);
    }
    if (nn[k]! < DOUBLE_TAP_FACTOR * s) {
      doubleTapCount++;
      if (pair) doubleTapPairs.push([insideIds[k]!, insideIds[j]!]);
    }
    if (nn[k]! <= (dia[k]! + dia[j]!) / 2) {
      overlapCount++;
      if (pair) blotPairs.push([insideIds[k]!, insideIds[j]!]);
    }
    if (nn[k]! < 1e-3) piled++;
  }
  const distinct = n - piled + (piled ? Math.max(1, Math.round(piled / Math.max(1, n))) : 0);

  // 4–5. Straight rows and curved tracks (at any pitch up to the spacing); on the way, the
  // orientational order of the short bonds (global and per block of cells).
  const chainBond = 1.3 * Math.max(nnMedian, s);
  const bondLimit = 1.3 * (nnMedian || s);
  const cellOf = (x: number, y: number) => cellIndex(raster, x, y);
  // Bond terms are summed per block of ORDER_BLOCK² raster cells: the order windows (size and
  // stride multiples of the block) read the same sums from a table ORDER_BLOCK² times smaller.
  const blocks = orderBlocks(raster);
  const sink: OrderSink = {
    limit: bondLimit,
    grid: { cell: raster.cell, cols: raster.cols, rows: raster.rows, block: ORDER_BLOCK, blockCols: blocks.cols },
    cells: blocks.buffers,
  };
  const [rowChains, allTracks] = chainsByRule(n, tri, chainBond, [ROW_RULE, TRACK_RULE], sink) as [
    number[][],
    number[][],
  ];
  const order = {
    psi4: sink.bonds ? Math.hypot(sink.c4!, sink.s4!) / sink.bonds : 0,
    psi6: sink.bonds ? Math.hypot(sink.c6!, sink.s6!) / sink.bonds : 0,
    cells: blocks.buffers,
  };
  const trackChains = allTracks.filter((c) => chainBend(c, px, py) > 0.02);
  const share = (list: number[][]) => {
    const seen = perDot.u8(n);
    let count = 0;
    for (const c of list) for (const k of c) if (!seen[k]) ((seen[k] = 1), count++);
    return n ? count / n : 0;
  };
  const runFraction = share(rowChains);
  const trackFraction = share(trackChains);
  const longest = (list: number[][]) => list.reduce((m, c) => Math.max(m, c.length), 0);
  const toIds = (c: number[]) => c.map((k) => insideIds[k]!);

  const anisotropy = nnAnisotropy(px, py, nn, nnIdx);

  // 6. Coverage: density, bare skin and its empty circles, quadrat variance.
  const natural = NATURAL_DENSITY_FACTOR / (s * s);
  const densityRatio = n / (natural * areaMm2);
  const cov = n ? coverage(raster, px, py, s, cellOfDot) : { uncoveredFraction: 1, gaps: [] };
  const quadratVmr = n ? quadratVariance(raster, px, py) : 0;

  // 7. Windows: local density and local order.
  const judgedArea = judgedCellCount * raster.cell * raster.cell;
  const judgedDensityRatio = judgedArea > 0.2 * areaMm2 ? judgedCount / (natural * judgedArea) : densityRatio;
  // Bare patches are judged against the working spacing (natural work a little sparse has larger gaps).
  const gapScale = Math.max(s, Math.min(nnMedian, 1.3 * s));
  // Delaunay degree and local area of interior impressions, in the empty circles' pass over
  // the triangles: each triangle gives its corners one more neighbour and a third of its area
  // (a Voronoi-cell proxy).
  const degree = scratchU16(n);
  const localArea = scratchF64(n);
  const circles =
    n >= 3
      ? emptyCircles(tri.triangles, px, py, raster, gapScale, fadeDepth, EMPTY_CIRCLE_REPORT, 5, { degree, localArea })
      : [];
  for (const g of cov.gaps) {
    const e = raster.edgeDistance[cellOf(g.x, g.y)]! < fadeDepth ? FADE_GAP_ALLOWANCE : 1;
    const relative = g.r / (gapScale * e);
    if (relative >= EMPTY_CIRCLE_REPORT && circles.every((c) => Math.hypot(c.x - g.x, c.y - g.y) >= c.r + g.r))
      circles.push({ ...g, relative });
  }
  circles.sort((a, b) => b.relative - a.relative);
  let degSum = 0;
  let degSq = 0;
  let degN = 0;
  let areaSum = 0;
  let areaSq = 0;
  let areaN = 0;
  for (let k = 0; k < n; k++) {
    const f = place[k]!;
    if (f & 2 || nn[k]! < 1e-3) continue;
    const g = degree[k]!;
    degSum += g;
    degSq += g * g;
    degN++;
    if (f & 4) continue;
    const la = localArea[k]!;
    areaSum += la;
    areaSq += la * la;
    areaN++;
  }
  const degreeVariance = degN >= DEGREE_MIN_SAMPLE ? degSq / degN - (degSum / degN) ** 2 : 1;
  const areaMean = areaN ? areaSum / areaN : 0;
  const localAreaCv =
    areaN >= DEGREE_MIN_SAMPLE && areaMean > 0
      ? Math.sqrt(Math.max(0, areaSq / areaN - areaMean * areaMean)) / areaMean
      : NATURAL_AREA_CV;
  const evenest =
    localAreaCv < AREA_CV_MARK_BELOW ? evenestWindow(raster, cellOfDot, localArea, fadeDepth, areaMargin) : null;
  const density = densityWindows(raster, counts, judged, DENSITY_WINDOW_CELLS, natural);
  const orderW = orderWindows(raster, order.cells, ORDER_WINDOW_CELLS, ORDER_WINDOW_BONDS, ORDER_BLOCK);

  // 8. Hairline edge.
  const edge =
    template.hairlineEdge && n ? hairline(template.hairlineEdge as Ring, raster, px, py, s, cellOfDot) : null;
  const hasEdge = Boolean(template.hairlineEdge);

  // 9. Sessions: the latest session's impressions on top of earlier ones.
  const sess = input.sessions
    ? onEarlierWork(input.xs, input.ys, input.sessions, insideIds, 0.5 * s)
    : { onEarlier: [], latest: 0 };

  return {
    placed,
    inside: n,
    outside,
    inHole: cls.inHole,
    beyondBorder: cls.beyondBorder,
    farthestOutsideMm: cls.farthestOutsideMm,
    areaMm2,
    spacingMm: s,
    nnMedianMm: nnMedian,
    nnMeanMm: nnMean,
    nnCv: nnMean > 0 ? Math.sqrt(nnVar) / nnMean : 0,
    clarkEvansR,
    closePairs,
    closeCount,
    overlapCount,
    blotPairs,
    doubleTapCount,
    doubleTapPairs,
    distinct,
    meanDiameterMm: n ? diaSum / n : template.impressionDiameterMm,
    psi4: order.psi4,
    psi6: order.psi6,
    anisotropy,
    runs: rowChains.map(toIds),
    runFraction,
    longestRun: longest(rowChains),
    tracks: trackChains.map(toIds),
    trackFraction,
    longestTrack: longest(trackChains),
    densityRatio,
    judgedDensityRatio,
    emptyCircles: circles,
    degreeVariance,
    localAreaCv,
    evenest,
    uncoveredFraction: cov.uncoveredFraction,
    gaps: cov.gaps,
    quadratVmr,
    density,
    order: orderW,
    edgeFadeRatio: hasEdge ? (edge?.fadeRatio ?? 0) : null,
    edgeIrregularity: hasEdge ? (edge?.irregularity ?? 0) : null,
    edgeProfile: hasEdge ? (edge?.profile ?? [0, 0, 0, 0, 0]) : null,
    edgeStagger: hasEdge ? (edge?.stagger ?? 0) : null,
    edgeUnreachedShare: hasEdge ? (edge?.unreachedShare ?? 1) : null,
    edgeUnreached: edge?.unreached ?? [],
    edgeDrift: hasEdge ? (edge?.drift ?? 4) : null,
    edgeDriftAt: edge?.driftAt ?? null,
    edgeFront: edge ? edge.front.map((k) => insideIds[k]!) : [],
    onEarlier: sess.onEarlier,
    latestSessionCount: sess.latest,
  };
}

const orderBuffers = new WeakMap<
  AreaRaster,
  { c4: Float32Array; s4: Float32Array; c6: Float32Array; s6: Float32Array; count: Float32Array; counts: Float32Array }
>();

/** Per-cell buffers reused from one (synchronous) measurement to the next. */
function orderScratch(raster: AreaRaster) {
  let b = orderBuffers.get(raster);
  if (!b) {
    const size = raster.mask.length;
    const f = () => new Float32Array(size);
    b = { c4: f(), s4: f(), c6: f(), s6: f(), count: f(), counts: f() };
    orderBuffers.set(raster, b);
  }
  return b;
}

/** Raster cells per side of the blocks bond order is summed in (a power of two dividing ORDER_WINDOW_CELLS and WINDOW_STRIDE). */
export const ORDER_BLOCK = 2;

const blockBuffers = new WeakMap<
  AreaRaster,
  {
    cols: number;
    size: number;
    buffers: { c4: Float32Array; s4: Float32Array; c6: Float32Array; s6: Float32Array; count: Float32Array };
  }
>();

/** Per-block bond-order buffers of a raster (ORDER_BLOCK² cells each), reused between measurements. */
function orderBlocks(raster: AreaRaster) {
  let b = blockBuffers.get(raster);
  if (!b) {
    const cols = Math.ceil(raster.cols / ORDER_BLOCK);
    const size = cols * Math.ceil(raster.rows / ORDER_BLOCK);
    const f = () => new Float32Array(size);
    b = { cols, size, buffers: { c4: f(), s4: f(), c6: f(), s6: f(), count: f() } };
    blockBuffers.set(raster, b);
  }
  return b;
}

const interiorCache = new WeakMap<AreaRaster, Map<number, number>>();

/** Area of the part of the template at least `margin` from every boundary (memoised per raster). */
export function interiorArea(raster: AreaRaster, margin: number): number {
  let byMargin = interiorCache.get(raster);
  if (!byMargin) interiorCache.set(raster, (byMargin = new Map()));
  const hit = byMargin.get(margin);
  if (hit !== undefined) return hit;
  let cells = 0;
  for (let i = 0; i < raster.mask.length; i++) if (raster.mask[i] && raster.boundaryDistance[i]! >= margin) cells++;
  const area = cells * raster.cell * raster.cell;
  byMargin.set(margin, area);
  return area;
}

const judgedCache = new WeakMap<AreaRaster, Map<number, { judged: Uint8Array; cells: number }>>();

/** Cells judged for density: in the area and at least `fadeDepth` behind the hairline (memoised per raster). */
export function judgedCells(raster: AreaRaster, fadeDepth: number): { judged: Uint8Array; cells: number } {
  let byDepth = judgedCache.get(raster);
  if (!byDepth) judgedCache.set(raster, (byDepth = new Map()));
  const hit = byDepth.get(fadeDepth);
  if (hit) return hit;
  const judged = new Uint8Array(raster.mask.length);
  let cells = 0;
  for (let i = 0; i < judged.length; i++)
    if (raster.mask[i] && raster.edgeDistance[i]! >= fadeDepth) ((judged[i] = 1), cells++);
  const out = { judged, cells };
  byDepth.set(fadeDepth, out);
  return out;
}

/**
 * Per-impression typed arrays reused from one (synchronous) measurement to the next, grown as
 * needed; each call hands out a view of exactly n entries (f64 and i32 not cleared, u8 zeroed).
 */
const perDot = {
  f: [0, 1, 2, 3].map(() => new Float64Array(0)),
  i: new Int32Array(0),
  b: new Uint8Array(0),
  w: new Uint8Array(0),
  f64(slot: number, n: number): Float64Array {
    if (this.f[slot]!.length < n) this.f[slot] = new Float64Array(Math.max(n, 2 * this.f[slot]!.length));
    return this.f[slot]!.subarray(0, n);
  },
  i32(n: number): Int32Array {
    if (this.i.length < n) this.i = new Int32Array(Math.max(n, 2 * this.i.length));
    return this.i.subarray(0, n);
  },
  flags(n: number): Uint8Array {
    if (this.w.length < n) this.w = new Uint8Array(Math.max(n, 2 * this.w.length));
    return this.w.subarray(0, n);
  },
  u8(n: number): Uint8Array {
    if (this.b.length < n) this.b = new Uint8Array(Math.max(n, 2 * this.b.length));
    return this.b.subarray(0, n).fill(0);
  },
};

let u16 = new Uint16Array(0);
let f64 = new Float64Array(0);

/** A zeroed per-impression Uint16Array reused between (synchronous) measurements. */
function scratchU16(n: number): Uint16Array {
  if (u16.length < n) u16 = new Uint16Array(Math.max(n, 2 * u16.length));
  return u16.fill(0, 0, n);
}

/** A zeroed per-impression Float64Array reused between (synchronous) measurements. */
function scratchF64(n: number): Float64Array {
  if (f64.length < n) f64 = new Float64Array(Math.max(n, 2 * f64.length));
  return f64.fill(0, 0, n);
}

/**
 * The density window (DENSITY_WINDOW_CELLS square) whose impressions' local areas vary least
 * (lowest CV, at least 20 judged impressions): where machine-even placement shows most.
 * Run only when the whole work reads as too even, so it costs nothing on natural work.
 */
export function evenestWindow(
  raster: AreaRaster,
  cellOfDot: Int32Array,
  localArea: Float64Array,
  fadeDepth: number,
  margin: number,
): { x: number; y: number; r: number; value: number } | null {
  const { cols, rows, cell } = raster;
  const size = DENSITY_WINDOW_CELLS;
  const cnt = new Float64Array(cols * rows);
  const sum = new Float64Array(cols * rows);
  const sq = new Float64Array(cols * rows);
  for (let k = 0; k < cellOfDot.length; k++) {
    const ci = cellOfDot[k]!;
    if (raster.boundaryDistance[ci]! < margin || raster.edgeDistance[ci]! < fadeDepth) continue;
    const a = localArea[k]!;
    cnt[ci]!++;
    sum[ci]! += a;
    sq[ci]! += a * a;
  }
  const sc = summedArea(cnt, cols, rows);
  const ss = summedArea(sum, cols, rows);
  const sq2 = summedArea(sq, cols, rows);
  let best: { x: number; y: number; r: number; value: number } | null = null;
  for (let r = 0; r + size <= rows; r++)
    for (let c = 0; c + size <= cols; c++) {
      const k = windowSum(sc, cols, r, c, size);
      if (k < 20) continue;
      const mean = windowSum(ss, cols, r, c, size) / k;
      const cv = Math.sqrt(Math.max(0, windowSum(sq2, cols, r, c, size) / k - mean * mean)) / mean;
      if (!best || cv < best.value)
        best = { x: (c + size / 2) * cell, y: (r + size / 2) * cell, r: (size * cell) / 2, value: cv };
    }
  return best;
}
