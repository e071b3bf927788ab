/**
 * The drill score (version 2): sub-scores 0–100 for spacing, randomness, coverage and (with
 * a hairline, in the last session) the edge, a weighted total and a pass rule — each with
 * findings in words a trainee understands, a landmark, and a mark in the problem overlay.
 *
 * Every measurement maps to 0–100 between a pass and a fail threshold (scoring-config.ts);
 * below 50 it is a fail-level finding, and a sheet with any fail-level finding (or a hard
 * rule broken: impressions in a hole or beyond the border) does not pass. Findings never
 * praise what failed. Pure and deterministic: the browser computes it live, the server
 * recomputes it on submit, the CLI prints it.
 */
import {
  CLOSE_FACTOR,
  measurePattern,
  OUTSIDE_TOLERANCE_MM,
  UNCOVERED_FACTOR,
  type Gap,
  type PatternInput,
  type PatternMetrics,
} from './metrics.ts';
import { SCORE_VERSION, SCORING, band } from './scoring-config.ts';
import { sessionTarget, templateForSession, type SessionTarget } from './sessions.ts';
import type { Template } from './template.ts';

/** The sub-score a finding belongs to. */
export type Criterion = 'spacing' | 'randomness' | 'coverage' | 'edge';

/** Kinds of overlay marks (circles in mm) a finding points at. */
export type MarkKind =
  'bare' | 'heavy' | 'thin' | 'grid' | 'track' | 'row' | 'blot' | 'hole' | 'outside' | 'front-gap' | 'on-earlier';

/** One line for the trainee: what is wrong (or right), how much it matters, and where. */
export interface Finding {
  criterion: Criterion;
  /** ok: nothing to fix; warn: costs points; fail: fails the sheet. */
  level: 'ok' | 'warn' | 'fail';
  message: string;
  /** The overlay mark kind this finding points at, when it has one. */
  mark?: MarkKind;
}

/** A bare patch with the landmark nearest to it. */
export interface LabelledGap extends Gap {
  /** "near the left temple", when the template names a landmark close by. */
  where: string | null;
}

/** A circle in the problem overlay (mm), with what it shows and where. */
export interface OverlayMark {
  kind: MarkKind;
  x: number;
  y: number;
  r: number;
  where: string | null;
}

/** A scored canvas: sub-scores, total, verdict, findings, overlay and raw measurements. */
export interface DrillScore {
  scoreVersion: number;
  total: number;
  spacing: number;
  randomness: number;
  coverage: number;
  /** Null for templates without a hairline edge, and before the last session. */
  edge: number | null;
  pass: boolean;
  counts: { placed: number; inside: number; outside: number; inHole?: number };
  /** v2: the session judged (the last one, finished work, unless asked otherwise). */
  session?: SessionTarget;
  findings: Finding[];
  /** Where the problems are, as indices into the scored dots (and circles in mm). */
  overlay: {
    /** Pairs that will blur together: closer than 0.6 × spacing, or touching at their diameters. */
    clumps: Array<[number, number]>;
    /** Bare patches: the largest empty circles. */
    gaps: LabelledGap[];
    /** Lines through straight rows and curved tracks. */
    rows: number[][];
    /** Impressions not scored: beyond the border or in a hole. */
    outside: number[];
    edgeFront: number[];
    /** v2: impressions in a hole (also in `outside`). */
    holes?: number[];
    /** v2: curved tracks (also in `rows`). */
    tracks?: number[][];
    /** v2: pairs touching or overlapping at their diameters (also in `clumps`). */
    blots?: Array<[number, number]>;
    /** v2: circles for heavy and thin areas, grid patches, blots, tracks, holes, unreached stretches of the front. */
    marks?: OverlayMark[];
  };
  metrics: {
    nnMedianMm: number;
    clarkEvansR: number;
    nnCv: number;
    psi4: number;
    psi6: number;
    anisotropy: number;
    runShare: number;
    densityRatio: number;
    uncoveredShare: number;
    quadratVmr: number;
    edgeFadeRatio: number | null;
    edgeIrregularity: number | null;
    /** v2 measurements (absent from v1 scores). */
    longestRun?: number;
    trackShare?: number;
    longestTrack?: number;
    localGridShare?: number;
    localOrderMax?: number;
    largestEmptyCircleMm?: number;
    largestEmptyCircleRelative?: number;
    degreeVariance?: number;
    /** v2: CV of interior impressions' local (Delaunay) areas; machine-even work reads low. */
    localAreaCv?: number;
    judgedDensityRatio?: number;
    heavyShare?: number;
    thinShare?: number;
    gradient?: number;
    blotShare?: number;
    doubleTapShare?: number;
    edgeProfile?: number[] | null;
    edgeStagger?: number | null;
    edgeUnreachedShare?: number | null;
    edgeDrift?: number | null;
    onEarlierShare?: number;
  };
}

/** Options of a score: which session's end the canvas is judged as (1-based; the last when absent). */
export interface ScoreOptions {
  session?: number;
}

/** The weakest part dominates, the others still count: ½·min + ½·mean. */
export function combine(parts: number[]): number {
  const min = Math.min(...parts);
  const mean = parts.reduce((a, b) => a + b, 0) / parts.length;
  return Math.round(0.5 * min + 0.5 * mean);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const mm = (x: number) => `${x.toFixed(1)} mm`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** The finding level of a measurement's 0–100 score. */
export const levelOf = (score: number): Finding['level'] => (score >= 100 ? 'ok' : score >= 50 ? 'warn' : 'fail');

/** "near the left temple": the template's landmark nearest (x, y), or null. */
export function where(t: Template, x: number, y: number): string | null {
  let best: { name: string; d: number } | null = null;
  for (const l of t.landmarks) {
    const d = Math.hypot(l.x - x, l.y - y);
    if (!best || d < best.d) best = { name: l.name, d };
  }
  return best ? `near the ${best.name}` : null;
}

const at = (w: string | null) => (w ? ` ${w}` : '');

/** Collects findings and marks while the parts are scored. */
class Sheet {
  findings: Finding[] = [];
  marks: OverlayMark[] = [];
  readonly t: Template;
  constructor(t: Template) {
    this.t = t;
  }
  /** Adds a finding for a measurement scored `score` when it costs points. */
  flag(criterion: Criterion, score: number, message: string, mark?: MarkKind): void {
    if (score < 100) this.findings.push({ criterion, level: levelOf(score), message, ...(mark ? { mark } : {}) });
  }
  fail(criterion: Criterion, message: string, mark?: MarkKind): void {
    this.findings.push({ criterion, level: 'fail', message, ...(mark ? { mark } : {}) });
  }
  ok(criterion: Criterion, message: string): void {
    this.findings.push({ criterion, level: 'ok', message });
  }
  mark(kind: MarkKind, x: number, y: number, r: number): string | null {
    const w = where(this.t, x, y);
    this.marks.push({ kind, x, y, r, where: w });
    return w;
  }
}

function centreOf(ids: readonly number[], xs: ArrayLike<number>, ys: ArrayLike<number>) {
  let x = 0,
    y = 0;
  for (const i of ids) ((x += xs[i]!), (y += ys[i]!));
  return { x: x / ids.length, y: y / ids.length };
}

function spacingPart(t: Template, m: PatternMetrics, input: PatternInput, sheet: Sheet, target: SessionTarget): number {
  const s = t.targetSpacingMm;
  const cfg = SCORING.spacing;
  const ratio = m.nnMedianMm / s;
  const median = Math.min(band(ratio, cfg.medianLow), band(ratio, cfg.medianHigh));
  const close = band(m.inside ? m.closeCount / m.inside : 0, cfg.closeShare);
  const blotShare = m.inside ? m.overlapCount / m.inside : 0;
  const blots = band(blotShare, cfg.blotShare);
  const tapShare = m.inside ? m.doubleTapCount / m.inside : 0;
  const taps = band(tapShare, cfg.doubleTapShare);
  const needle = band(m.meanDiameterMm / s, cfg.needle);
  const onShare = m.latestSessionCount ? m.onEarlier.length / m.latestSessionCount : 0;
  const onEarlier = band(onShare, cfg.onEarlierShare);

  if (m.closeCount > 0)
    sheet.flag(
      'spacing',
      close,
      `${plural(m.closeCount, 'impression')} ${m.closeCount === 1 ? 'is' : 'are'} closer than ${CLOSE_FACTOR}× the spacing (${mm(CLOSE_FACTOR * s)}) to a neighbour: they will blur into blots as they heal.`,
    );
  if (m.overlapCount > 0) {
    const [a, b] = m.blotPairs[0] ?? [0, 0];
    const w = sheet.mark('blot', (input.xs[a]! + input.xs[b]!) / 2, (input.ys[a]! + input.ys[b]!) / 2, s / 2);
    sheet.flag(
      'spacing',
      blots,
      `${plural(m.overlapCount, 'impression')} touch or overlap a neighbour at their ${mm(m.meanDiameterMm)} diameter (first${at(w)}): in skin these heal as one larger blot.`,
      'blot',
    );
  }
  if (m.doubleTapCount > 0 && taps < 100) {
    const [a, b] = m.doubleTapPairs[0]!;
    const w = sheet.mark('blot', (input.xs[a]! + input.xs[b]!) / 2, (input.ys[a]! + input.ys[b]!) / 2, s / 2);
    sheet.flag(
      'spacing',
      taps,
      `${pct(tapShare)} of impressions are double taps (a second impression within ${mm(0.35 * s)}; first${at(w)}): tap once per point.`,
      'blot',
    );
  }
  sheet.flag(
    'spacing',
    needle,
    `The needle is large for this spacing: ${mm(m.meanDiameterMm)} impressions ${mm(s)} apart heal into blots. Choose a finer needle.`,
  );
  if (m.onEarlier.length) {
    const c = centreOf(m.onEarlier.slice(0, 1), input.xs, input.ys);
    const w = sheet.mark('on-earlier', c.x, c.y, s / 2);
    sheet.flag(
      'spacing',
      onEarlier,
      `${plural(m.onEarlier.length, 'new impression')} of session ${target.session} sit on top of healed ones (first${at(w)}): place new impressions between the old ones.`,
      'on-earlier',
    );
  }
  if (ratio < cfg.medianLow.pass)
    sheet.flag(
      'spacing',
      median,
      `Impressions are packed too tightly: the typical gap is ${mm(m.nnMedianMm)} where ${mm(s)} is wanted.`,
    );
  else if (ratio > cfg.medianHigh.pass)
    sheet.flag(
      'spacing',
      median,
      `Impressions are too far apart: the typical gap is ${mm(m.nnMedianMm)} where ${mm(s)} is wanted.`,
    );
  return combine([median, close, blots, taps, needle, onEarlier]);
}

function randomnessPart(t: Template, m: PatternMetrics, input: PatternInput, sheet: Sheet): number {
  const cfg = SCORING.randomness;
  const s = t.targetSpacingMm;
  const orderValue = Math.max(m.psi4, m.psi6);
  const order = band(orderValue, cfg.order);
  const aniso = band(m.anisotropy, cfg.anisotropy);
  const runs = band(m.runFraction, cfg.runShare);
  const longestRun = band(m.longestRun, cfg.longestRun);
  const tracks = Math.min(band(m.trackFraction, cfg.trackShare), band(m.longestTrack, cfg.longestTrack));
  const grid = band(m.order.gridShare, cfg.gridShare);
  const coordination = band(m.degreeVariance, cfg.degreeVariance);
  const evenAreas = band(m.localAreaCv, cfg.localAreaCv);

  const kind = m.psi4 >= m.psi6 ? 'a square grid' : 'a honeycomb (hexagonal) grid';
  sheet.flag(
    'randomness',
    order,
    `The pattern reads as ${kind} (order ${orderValue.toFixed(2)}): vary angles and gaps so no lattice shows.`,
  );
  if (grid < 100) {
    const p = m.order.patches[0];
    for (const g of m.order.patches) sheet.mark('grid', g.x, g.y, g.r);
    const w = p ? where(t, p.x, p.y) : null;
    sheet.flag(
      'randomness',
      grid,
      `Patches of grid show (${pct(m.order.gridShare)} of the work, strongest${at(w)}): even a small area of lattice reads from a distance.`,
      'grid',
    );
  }
  sheet.flag(
    'randomness',
    coordination,
    `Placement is too even: nearly every impression has the same number of neighbours, so the work reads as a honeycomb. Let gaps and angles vary a little.`,
  );
  if (evenAreas < 100) {
    const e = m.evenest;
    const w = e ? sheet.mark('grid', e.x, e.y, e.r) : null;
    sheet.flag(
      'randomness',
      evenAreas,
      `Spacing is machine-even (every impression holds almost the same patch of skin${w ? `, most of all ${w}` : ''}): vary it slightly, like natural follicles.`,
      e ? 'grid' : undefined,
    );
  }
  sheet.flag(
    'randomness',
    aniso,
    `Neighbours line up in one direction (${pct(m.anisotropy)} alignment): the eye reads rows or a combed direction.`,
  );
  const longest = m.runs.reduce<number[] | null>((a, r) => (!a || r.length > a.length ? r : a), null);
  let runWhere: string | null = null;
  if (longest) {
    const c = centreOf(longest, input.xs, input.ys);
    runWhere = sheet.mark('row', c.x, c.y, (longest.length * s) / 2);
  }
  if (runs < 100)
    sheet.flag(
      'randomness',
      runs,
      `${plural(Math.round(m.runFraction * m.inside), 'impression')} sit in straight, evenly spaced lines (rows): break them up with irregular placement.`,
      'row',
    );
  if (longestRun < 100)
    sheet.flag(
      'randomness',
      longestRun,
      `A straight row of ${m.longestRun} impressions runs${at(runWhere)}: one long line shows however large the work.`,
      'row',
    );
  if (tracks < 100) {
    const longestTrack = m.tracks.reduce<number[] | null>((a, r) => (!a || r.length > a.length ? r : a), null)!;
    const c = centreOf(longestTrack, input.xs, input.ys);
    const w = sheet.mark('track', c.x, c.y, (longestTrack.length * s) / 2);
    sheet.flag(
      'randomness',
      tracks,
      `Impressions follow curved tracks (${pct(m.trackFraction)} of them; the longest, ${m.longestTrack} impressions, runs${at(w)}): the eye follows the curve like a row.`,
      'track',
    );
  }
  return combine([order, aniso, runs, longestRun, tracks, grid, coordination, evenAreas]);
}

function coveragePart(t: Template, m: PatternMetrics, gaps: LabelledGap[], sheet: Sheet): number {
  const cfg = SCORING.coverage;
  const s = t.targetSpacingMm;
  const ratio = m.judgedDensityRatio;
  const density = band(ratio, cfg.density);
  const densityHigh = band(ratio, cfg.densityHigh);
  const uncovered = band(m.uncoveredFraction, cfg.uncovered);
  const circles = m.emptyCircles;
  const largest = circles[0];
  const emptyCircle = band(largest ? largest.relative : 0, cfg.emptyCircle);
  const evenness = band(m.quadratVmr, cfg.evenness);
  const heavy = band(m.density.heavyShare, cfg.heavyShare);
  const thin = band(m.density.thinShare, cfg.thinShare);
  const gradient = band(m.density.gradient, cfg.gradient);

  sheet.flag(
    'coverage',
    density,
    `The area has ${pct(ratio)} of the impressions it needs at this spacing (${m.inside} placed): keep building density.`,
  );
  sheet.flag(
    'coverage',
    densityHigh,
    `The area is overworked: ${pct(ratio)} of the density wanted at this spacing. Heavy work heals dark and flat.`,
  );
  let bareWhere: string | null = null;
  for (const g of circles)
    if (g.relative > cfg.emptyCircle.pass) {
      const w = sheet.mark('bare', g.x, g.y, g.r);
      if (g === largest) bareWhere = w;
    }
  if (emptyCircle < 100 && largest)
    sheet.flag(
      'coverage',
      emptyCircle,
      `A bare patch ${mm(2 * largest.r)} across${at(bareWhere)}: no part of the area may stay bare wider than about ${mm(2 * cfg.emptyCircle.pass * s)}.`,
      'bare',
    );
  if (uncovered < 100) {
    const g = gaps[0];
    const lg = g ? ` The largest gap is ${mm(2 * g.r)} across${at(g.where)}.` : '';
    sheet.flag(
      'coverage',
      uncovered,
      `${pct(m.uncoveredFraction)} of the area is bare skin, farther than ${mm(UNCOVERED_FACTOR * s)} from any impression.${lg}`,
      'bare',
    );
  }
  sheet.flag(
    'coverage',
    evenness,
    `Density is patchy (variance ${m.quadratVmr.toFixed(1)}× the mean): some areas are clumped, others thin.`,
  );
  if (heavy < 100) {
    const h = m.density.heavy[0]!;
    for (const w of m.density.heavy) sheet.mark('heavy', w.x, w.y, w.r);
    sheet.flag(
      'coverage',
      heavy,
      `A heavy area${at(where(t, h.x, h.y))}: ${h.value.toFixed(1)}× the density of the rest. It will heal as a dark patch.`,
      'heavy',
    );
  }
  if (thin < 100) {
    const h = m.density.thin[0]!;
    for (const w of m.density.thin) sheet.mark('thin', w.x, w.y, w.r);
    sheet.flag(
      'coverage',
      thin,
      `A thin area${at(where(t, h.x, h.y))}: under half the density of the rest. Fill it so the coverage reads even.`,
      'thin',
    );
  }
  if (gradient < 100) {
    const [gx, gy] = m.density.gradientDir;
    let best: string | null = null;
    let bestDot = -Infinity;
    for (const l of t.landmarks) {
      const dot = (l.x - t.width / 2) * gx + (l.y - t.height / 2) * gy;
      if (dot > bestDot) ((bestDot = dot), (best = l.name));
    }
    sheet.flag(
      'coverage',
      gradient,
      `Density drifts across the work (${pct(m.density.gradient)} change from one side to the other, denser toward the ${best ?? 'one side'}): keep it even throughout.`,
      'heavy',
    );
  }
  return combine([density, densityHigh, uncovered, emptyCircle, evenness, heavy, thin, gradient]);
}

function edgePart(t: Template, m: PatternMetrics, sheet: Sheet): number {
  const cfg = SCORING.edge;
  const s = t.targetSpacingMm;
  const profile = m.edgeProfile ?? [0];
  const front = profile[0]!;
  const behind = profile.slice(1);
  const bandMax = Math.max(0, ...behind);
  const bandAt = behind.indexOf(bandMax) + 1;
  const frontScore = band(front, cfg.frontHigh);
  const bandScore = band(bandMax, cfg.bandHigh);
  const stagger = band(m.edgeStagger ?? 0, cfg.stagger);
  const unreached = band(m.edgeUnreachedShare ?? 1, cfg.unreached);
  sheet.flag(
    'edge',
    frontScore,
    `The hairline is too heavy: density in the first ${mm(s)} from the edge is ${pct(front)} of the interior. Fade it to about a third so the edge looks soft.`,
  );
  sheet.flag(
    'edge',
    bandScore,
    `A dark band runs ${mm(bandAt * s)}–${mm((bandAt + 1) * s)} behind the front (${pct(bandMax)} of the interior density): the fade must rise evenly, never above the interior.`,
  );
  sheet.flag(
    'edge',
    stagger,
    `The front-most impressions form a smooth line (stagger ${(m.edgeStagger ?? 0).toFixed(2)}× the spacing): stagger neighbours in and out so the hairline is irregular, not drawn.`,
  );
  if (unreached < 100) {
    for (const u of m.edgeUnreached.slice(0, 8)) sheet.mark('front-gap', u.x, u.y, 1.5 * s);
    const u = m.edgeUnreached[0];
    sheet.flag(
      'edge',
      unreached,
      `The work stops short of the design line along ${pct(m.edgeUnreachedShare ?? 1)} of the hairline (first${at(u ? where(t, u.x, u.y) : null)}): bring sparse, soft impressions right up to the line.`,
      'front-gap',
    );
  }
  // Sparser work fades over more millimetres: judge the drift in working spacings.
  const working = Math.max(1, Math.min(m.nnMedianMm / s, 1.3));
  const drift = band((m.edgeDrift ?? 0) / working, cfg.drift);
  if (drift < 100 && m.edgeDriftAt) {
    const w = sheet.mark('front-gap', m.edgeDriftAt.x, m.edgeDriftAt.y, 3 * s);
    sheet.flag(
      'edge',
      drift,
      `The front leaves the design line${at(w)}: it runs about ${mm((m.edgeDrift ?? 0) * s)} behind the drawn hairline there. Follow the line's shape, recessions and temple points included.`,
      'front-gap',
    );
  }
  return combine([frontScore, bandScore, stagger, unreached, drift]);
}

/** Hard rules: impressions in a hole or beyond the border fail the sheet with their own message. */
function hardRules(t: Template, m: PatternMetrics, input: PatternInput, sheet: Sheet): void {
  if (m.inHole.length) {
    const c = centreOf(m.inHole, input.xs, input.ys);
    const w = sheet.mark('hole', c.x, c.y, t.targetSpacingMm);
    sheet.fail(
      'coverage',
      `${plural(m.inHole.length, 'impression')} ${m.inHole.length === 1 ? 'is' : 'are'} inside an area to leave untouched${at(w)} (a raised scar or mole): never tattoo there.`,
      'hole',
    );
  }
  if (m.beyondBorder.length) {
    const far = m.beyondBorder[0]!;
    const w = sheet.mark('outside', input.xs[far]!, input.ys[far]!, t.targetSpacingMm);
    sheet.fail(
      'coverage',
      `${plural(m.beyondBorder.length, 'impression')} ${m.beyondBorder.length === 1 ? 'lies' : 'lie'} outside the treatment area (up to ${mm(m.farthestOutsideMm)} beyond the border${at(w)}; ${mm(OUTSIDE_TOLERANCE_MM)} is tolerated).`,
      'outside',
    );
  }
}

/**
 * Scores a pattern of impressions (millimetres) on a template: as finished work, or with
 * `options.session` as the end of that session of the template's plan.
 */
export function scoreDrill(template: Template, input: PatternInput, options: ScoreOptions = {}): DrillScore {
  const target = sessionTarget(template, options.session);
  const t = templateForSession(template, target);
  const m = measurePattern(t, input);
  const sheet = new Sheet(template);
  const hasEdge = Boolean(t.hairlineEdge);
  const gaps: LabelledGap[] = m.gaps.map((g) => ({ ...g, where: where(template, g.x, g.y) }));

  let spacing = 0;
  let randomness = 0;
  let coverage = 0;
  let edge: number | null = hasEdge ? 0 : null;
  hardRules(t, m, input, sheet);
  if (m.inside === 0) {
    sheet.fail(
      'coverage',
      m.placed
        ? 'No impressions are inside the treatment area yet.'
        : 'Place impressions on the canvas to get a score.',
    );
  } else {
    spacing = m.inside >= 2 ? spacingPart(t, m, input, sheet, target) : 0;
    if (m.inside >= SCORING.minDotsForPattern) {
      randomness = randomnessPart(t, m, input, sheet);
      coverage = coveragePart(t, m, gaps, sheet);
      if (hasEdge) edge = edgePart(t, m, sheet);
    } else {
      sheet.fail(
        'coverage',
        `Place at least ${SCORING.minDotsForPattern} impressions to be scored on randomness and coverage (${m.inside} so far).`,
      );
    }
  }

  const w = SCORING.weights;
  const scale = hasEdge ? 1 - SCORING.edgeWeight : 1;
  let total = Math.round(
    scale * (w.spacing * spacing + w.randomness * randomness + w.coverage * coverage) +
      (hasEdge ? SCORING.edgeWeight * (edge ?? 0) : 0),
  );
  const p = SCORING.pass;
  const anyFail = sheet.findings.some((f) => f.level === 'fail');
  // A fail-level finding fails the sheet, so the total never reads as a pass beside it.
  if (anyFail) total = Math.min(total, p.total - 1);
  const pass =
    !anyFail &&
    total >= p.total &&
    spacing >= p.eachCore &&
    randomness >= p.eachCore &&
    coverage >= p.eachCore &&
    (edge === null || edge >= p.edge);

  // Praise only what is sound, and never on a sheet that fails on spacing or coverage
  // (500 identical impressions are not "irregular, like natural follicles").
  const sound = !sheet.findings.some((f) => f.level === 'fail') && m.inside >= SCORING.minDotsForPattern;
  const clean = (c: Criterion) => !sheet.findings.some((f) => f.criterion === c && f.level !== 'ok');
  if (sound) {
    if (clean('spacing'))
      sheet.ok(
        'spacing',
        `Spacing is on target: the typical gap is ${mm(m.nnMedianMm)} (target ${mm(t.targetSpacingMm)}).`,
      );
    if (clean('randomness'))
      sheet.ok(
        'randomness',
        'Placement is irregular and shows no grid, rows, tracks or direction, like natural follicles.',
      );
    if (clean('coverage'))
      sheet.ok('coverage', 'The whole area is evenly covered with no bare patches or heavy areas.');
    if (hasEdge && clean('edge')) sheet.ok('edge', 'The hairline fades softly and irregularly into the forehead.');
    if (!target.final)
      sheet.ok(
        'coverage',
        `A sound end to session ${target.session} of ${target.of} (${target.name}): ${target.goal}.`,
      );
  }

  const rank: Record<Finding['level'], number> = { fail: 0, warn: 1, ok: 2 };
  const findings = sheet.findings.sort((a, b) => rank[a.level] - rank[b.level]);
  const trackChains = m.tracks;
  const blotKeys = new Set(m.closePairs.map(([a, b]) => `${a},${b}`));

  return {
    scoreVersion: SCORE_VERSION,
    total,
    spacing,
    randomness,
    coverage,
    edge,
    pass,
    counts: { placed: m.placed, inside: m.inside, outside: m.outside.length, inHole: m.inHole.length },
    session: target,
    findings,
    overlay: {
      clumps: [...m.closePairs, ...m.blotPairs.filter(([a, b]) => !blotKeys.has(`${a},${b}`))],
      gaps,
      rows: [...m.runs, ...trackChains],
      outside: m.outside,
      edgeFront: m.edgeFront,
      holes: m.inHole,
      tracks: trackChains,
      blots: m.blotPairs,
      marks: sheet.marks,
    },
    metrics: {
      nnMedianMm: m.nnMedianMm,
      clarkEvansR: m.clarkEvansR,
      nnCv: m.nnCv,
      psi4: m.psi4,
      psi6: m.psi6,
      anisotropy: m.anisotropy,
      runShare: m.runFraction,
      densityRatio: m.densityRatio,
      uncoveredShare: m.uncoveredFraction,
      quadratVmr: m.quadratVmr,
      edgeFadeRatio: m.edgeFadeRatio,
      edgeIrregularity: m.edgeIrregularity,
      longestRun: m.longestRun,
      trackShare: m.trackFraction,
      longestTrack: m.longestTrack,
      localGridShare: m.order.gridShare,
      localOrderMax: m.order.maxOrder,
      largestEmptyCircleMm: m.emptyCircles[0]?.r ?? 0,
      largestEmptyCircleRelative: m.emptyCircles[0]?.relative ?? 0,
      degreeVariance: m.degreeVariance,
      localAreaCv: m.localAreaCv,
      judgedDensityRatio: m.judgedDensityRatio,
      heavyShare: m.density.heavyShare,
      thinShare: m.density.thinShare,
      gradient: m.density.gradient,
      blotShare: m.inside ? m.overlapCount / m.inside : 0,
      doubleTapShare: m.inside ? m.doubleTapCount / m.inside : 0,
      edgeProfile: m.edgeProfile,
      edgeStagger: m.edgeStagger,
      edgeUnreachedShare: m.edgeUnreachedShare,
      edgeDrift: m.edgeDrift,
      onEarlierShare: m.latestSessionCount ? m.onEarlier.length / m.latestSessionCount : 0,
    },
  };
}
