/**
 * The drill score: sub-scores 0–100 for spacing, randomness, coverage and (with a hairline)
 * the edge, a weighted total and a pass rule — each with findings in words a trainee
 * understands and the overlay of where the problems are. Pure and deterministic: the
 * browser computes it live, the server recomputes it on submit, the CLI prints it.
 */
import { CLOSE_FACTOR, measurePattern, type Gap, type PatternInput, type PatternMetrics } from './metrics.ts';
import { SCORE_VERSION, SCORING, band } from './scoring-config.ts';
import type { Template } from './template.ts';

export type Criterion = 'spacing' | 'randomness' | 'coverage' | 'edge';

export interface Finding {
  criterion: Criterion;
  /** ok: nothing to fix; warn: costs points; fail: holds the sub-score below 50. */
  level: 'ok' | 'warn' | 'fail';
  message: string;
}

export interface LabelledGap extends Gap {
  /** "near the left temple", when the template names a landmark close by. */
  where: string | null;
}

export interface DrillScore {
  scoreVersion: number;
  total: number;
  spacing: number;
  randomness: number;
  coverage: number;
  /** Null for templates without a hairline edge. */
  edge: number | null;
  pass: boolean;
  counts: { placed: number; inside: number; outside: number };
  findings: Finding[];
  /** Where the problems are, as indices into the scored dots (and circles in mm). */
  overlay: {
    clumps: Array<[number, number]>;
    gaps: LabelledGap[];
    rows: number[][];
    outside: number[];
    edgeFront: number[];
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
  };
}

/** The weakest part dominates, the others still count: ½·min + ½·mean. */
function combine(parts: number[]): number {
  const min = Math.min(...parts);
  const mean = parts.reduce((a, b) => a + b, 0) / parts.length;
  return Math.round(0.5 * min + 0.5 * mean);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const mm = (x: number) => `${x.toFixed(1)} mm`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const level = (score: number): Finding['level'] => (score >= 100 ? 'ok' : score >= 50 ? 'warn' : 'fail');

function where(t: Template, x: number, y: number): string | null {
  let best: { name: string; d: number } | null = null;
  for (const l of t.landmarks) {
    const d = Math.hypot(l.x - x, l.y - y);
    if (!best || d < best.d) best = { name: l.name, d };
  }
  return best ? `near the ${best.name}` : null;
}

function spacingPart(t: Template, m: PatternMetrics, findings: Finding[]): number {
  const s = t.targetSpacingMm;
  const ratio = m.nnMedianMm / s;
  const cfg = SCORING.spacing;
  const median = Math.min(band(ratio, cfg.medianLow), band(ratio, cfg.medianHigh));
  const closeShare = m.inside ? m.closeCount / m.inside : 0;
  const close = band(closeShare, cfg.closeShare);
  if (m.closeCount > 0) {
    findings.push({
      criterion: 'spacing',
      level: level(close),
      message: `${plural(m.closeCount, 'impression')} ${m.closeCount === 1 ? 'is' : 'are'} closer than ${CLOSE_FACTOR}× the spacing (${mm(CLOSE_FACTOR * s)}) to a neighbour: they will blur into blots as they heal.`,
    });
  }
  if (m.overlapCount > 0) {
    findings.push({
      criterion: 'spacing',
      level: 'warn',
      message: `${plural(m.overlapCount, 'impression')} touch or overlap a neighbour: in skin these heal as one larger dot.`,
    });
  }
  if (ratio < cfg.medianLow.pass) {
    findings.push({
      criterion: 'spacing',
      level: level(median),
      message: `Impressions are packed too tightly: the typical gap is ${mm(m.nnMedianMm)} where ${mm(s)} is wanted.`,
    });
  } else if (ratio > cfg.medianHigh.pass) {
    findings.push({
      criterion: 'spacing',
      level: level(median),
      message: `Impressions are too far apart: the typical gap is ${mm(m.nnMedianMm)} where ${mm(s)} is wanted.`,
    });
  } else if (m.closeCount === 0) {
    findings.push({
      criterion: 'spacing',
      level: 'ok',
      message: `Spacing is on target: the typical gap is ${mm(m.nnMedianMm)} (target ${mm(s)}).`,
    });
  }
  return combine([median, close]);
}

function randomnessPart(m: PatternMetrics, findings: Finding[]): number {
  const cfg = SCORING.randomness;
  const orderValue = Math.max(m.psi4, m.psi6);
  const order = band(orderValue, cfg.order);
  const aniso = band(m.anisotropy, cfg.anisotropy);
  const runs = band(m.runFraction, cfg.runShare);
  if (order < 100) {
    const kind = m.psi4 >= m.psi6 ? 'a square grid' : 'a honeycomb (hexagonal) grid';
    findings.push({
      criterion: 'randomness',
      level: level(order),
      message: `The pattern reads as ${kind} (order ${orderValue.toFixed(2)}): vary angles and gaps so no lattice shows.`,
    });
  }
  if (aniso < 100) {
    findings.push({
      criterion: 'randomness',
      level: level(aniso),
      message: `Neighbours line up in one direction (${pct(m.anisotropy)} alignment): the eye reads rows or a combed direction.`,
    });
  }
  if (runs < 100) {
    const inRuns = Math.round(m.runFraction * m.inside);
    findings.push({
      criterion: 'randomness',
      level: level(runs),
      message: `${plural(inRuns, 'impression')} sit in straight, evenly spaced lines (rows): break them up with irregular placement.`,
    });
  }
  if (order === 100 && aniso === 100 && runs === 100) {
    findings.push({
      criterion: 'randomness',
      level: 'ok',
      message: 'Placement is irregular and shows no grid, rows or direction, like natural follicles.',
    });
  }
  return combine([order, aniso, runs]);
}

function coveragePart(t: Template, m: PatternMetrics, gaps: LabelledGap[], findings: Finding[]): number {
  const cfg = SCORING.coverage;
  const density = band(m.densityRatio, cfg.density);
  const uncovered = band(m.uncoveredFraction, cfg.uncovered);
  const evenness = band(m.quadratVmr, cfg.evenness);
  const outsideShare = m.placed ? m.outside.length / m.placed : 0;
  const outside = band(outsideShare, cfg.outsideShare);
  if (density < 100) {
    findings.push({
      criterion: 'coverage',
      level: level(density),
      message: `The area has ${pct(m.densityRatio)} of the impressions it needs at this spacing (${m.inside} placed): keep building density.`,
    });
  }
  if (uncovered < 100) {
    const g = gaps[0];
    const largest = g ? ` The largest gap is ${mm(2 * g.r)} across${g.where ? ` ${g.where}` : ''}.` : '';
    findings.push({
      criterion: 'coverage',
      level: level(uncovered),
      message: `${pct(m.uncoveredFraction)} of the area is bare skin, farther than ${mm(1.1 * t.targetSpacingMm)} from any impression.${largest}`,
    });
  }
  if (evenness < 100) {
    findings.push({
      criterion: 'coverage',
      level: level(evenness),
      message: `Density is patchy (variance ${m.quadratVmr.toFixed(1)}× the mean): some areas are clumped, others thin.`,
    });
  }
  if (m.outside.length > 0) {
    findings.push({
      criterion: 'coverage',
      level: level(outside),
      message: `${plural(m.outside.length, 'impression')} fall${m.outside.length === 1 ? 's' : ''} outside the treatment area.`,
    });
  }
  if (density === 100 && uncovered === 100 && evenness === 100 && m.outside.length === 0) {
    findings.push({
      criterion: 'coverage',
      level: 'ok',
      message: 'The whole area is evenly covered with no bare patches.',
    });
  }
  return combine([density, uncovered, evenness, outside]);
}

function edgePart(m: PatternMetrics, findings: Finding[]): number {
  const cfg = SCORING.edge;
  const fade = m.edgeFadeRatio ?? 0;
  const irr = m.edgeIrregularity ?? 0;
  const fadeScore = Math.min(band(fade, cfg.fadeHigh), band(fade, cfg.fadeLow));
  const irrScore = band(irr, cfg.irregularity);
  if (fade > cfg.fadeHigh.pass) {
    findings.push({
      criterion: 'edge',
      level: level(fadeScore),
      message: `The hairline is too heavy: density at the front edge is ${pct(fade)} of the interior. Fade it to about half so the edge looks soft.`,
    });
  } else if (fade < cfg.fadeLow.pass) {
    findings.push({
      criterion: 'edge',
      level: level(fadeScore),
      message: `The front edge is too empty: density there is ${pct(fade)} of the interior. Bring a sparse, soft edge right up to the line.`,
    });
  }
  if (irrScore < 100) {
    findings.push({
      criterion: 'edge',
      level: level(irrScore),
      message:
        'The front-most impressions form a smooth line: stagger them in and out so the hairline is irregular, not drawn.',
    });
  }
  if (fadeScore === 100 && irrScore === 100) {
    findings.push({
      criterion: 'edge',
      level: 'ok',
      message: 'The hairline fades softly and irregularly into the forehead.',
    });
  }
  return combine([fadeScore, irrScore]);
}

/** Scores a pattern of impressions (millimetres) on a template. */
export function scoreDrill(template: Template, input: PatternInput): DrillScore {
  const m = measurePattern(template, input);
  const findings: Finding[] = [];
  const hasEdge = Boolean(template.hairlineEdge);
  const gaps: LabelledGap[] = m.gaps.map((g) => ({ ...g, where: where(template, g.x, g.y) }));

  let spacing = 0;
  let randomness = 0;
  let coverage = 0;
  let edge: number | null = hasEdge ? 0 : null;
  if (m.inside === 0) {
    findings.push({
      criterion: 'coverage',
      level: 'fail',
      message: m.placed
        ? 'No impressions are inside the treatment area yet.'
        : 'Place impressions on the canvas to get a score.',
    });
  } else {
    spacing = m.inside >= 2 ? spacingPart(template, m, findings) : 0;
    if (m.inside >= SCORING.minDotsForPattern) {
      randomness = randomnessPart(m, findings);
      coverage = coveragePart(template, m, gaps, findings);
      if (hasEdge) edge = edgePart(m, findings);
    } else {
      findings.push({
        criterion: 'coverage',
        level: 'fail',
        message: `Place at least ${SCORING.minDotsForPattern} impressions to be scored on randomness and coverage (${m.inside} so far).`,
      });
    }
  }

  const w = SCORING.weights;
  const scale = hasEdge ? 1 - SCORING.edgeWeight : 1;
  const total = Math.round(
    scale * (w.spacing * spacing + w.randomness * randomness + w.coverage * coverage) +
      (hasEdge ? SCORING.edgeWeight * (edge ?? 0) : 0),
  );
  const p = SCORING.pass;
  const pass = total >= p.total && spacing >= p.eachCore && randomness >= p.eachCore && coverage >= p.eachCore;

  const order: Record<Finding['level'], number> = { fail: 0, warn: 1, ok: 2 };
  findings.sort((a, b) => order[a.level] - order[b.level]);

  return {
    scoreVersion: SCORE_VERSION,
    total,
    spacing,
    randomness,
    coverage,
    edge,
    pass,
    counts: { placed: m.placed, inside: m.inside, outside: m.outside.length },
    findings,
    overlay: { clumps: m.closePairs, gaps, rows: m.runs, outside: m.outside, edgeFront: m.edgeFront },
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
    },
  };
}
