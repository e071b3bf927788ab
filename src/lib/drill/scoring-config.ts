/**
 * Every weight and threshold of the drill score, in one place. Change anything here and
 * bump SCORE_VERSION, so scores stored under an older version are never compared as equals.
 *
 * A threshold pair { pass, fail } maps a measurement to 0–100: 100 at or beyond `pass`,
 * 0 at or beyond `fail`, linear between (either direction). A measurement at 0–49 is a
 * fail-level finding, and any fail-level finding fails the sheet.
 */
export const SCORE_VERSION = 2;

/** How each score version is labelled wherever a stored score is shown (v1 scores stay readable). */
export const SCORE_VERSION_LABELS: Record<number, string> = {
  1: 'v1 — global statistics (before local checks, hard rules and sessions)',
  2: 'v2 — local statistics, hard rules, hairline profile, needle size and sessions',
};

/** The label of a stored score's version ("v1 — …"); unknown versions are named as such. */
export function scoreVersionLabel(version: number | null | undefined): string {
  if (version == null) return 'unscored';
  return SCORE_VERSION_LABELS[version] ?? `v${version} (unknown scoring version)`;
}

/** A pass and a fail threshold (either order). */
export interface Band {
  pass: number;
  fail: number;
}

/** The weights, pass rule and every threshold of the current score version. */
export const SCORING = {
  /** Below this many impressions inside the area only spacing is scored. */
  minDotsForPattern: 20,
  weights: { spacing: 0.35, randomness: 0.3, coverage: 0.35 },
  /** With a hairline edge the edge score joins the total with this weight (others scaled down). */
  edgeWeight: 0.15,
  /** Pass: total, each core sub-score and the edge (when judged) at least these, and no fail-level finding. */
  pass: { total: 70, eachCore: 50, edge: 50 },
  spacing: {
    /** Median nearest-neighbour distance ÷ target spacing: ideal between 0.85 and 1.2. */
    medianLow: { pass: 0.85, fail: 0.6 } as Band,
    medianHigh: { pass: 1.25, fail: 1.8 } as Band,
    /** Share of impressions closer than 0.6 × spacing to a neighbour. */
    closeShare: { pass: 0.03, fail: 0.2 } as Band,
    /** Share of impressions touching or overlapping a neighbour at their diameters (blots). */
    blotShare: { pass: 0.01, fail: 0.05 } as Band,
    /** Share of impressions with a second one closer than 0.35 × spacing (double taps). */
    doubleTapShare: { pass: 0.01, fail: 0.05 } as Band,
    /** Impression diameter ÷ spacing: large needles heal into blots even when not touching. */
    needle: { pass: 0.45, fail: 0.8 } as Band,
    /** Share of the latest session's impressions placed on top of earlier ones. */
    onEarlierShare: { pass: 0.03, fail: 0.12 } as Band,
  },
  randomness: {
    /** Orientational order of bonds: max(ψ4, ψ6). Grids score near 1, natural work near 0.05. */
    order: { pass: 0.2, fail: 0.5 } as Band,
    /** Nearest-neighbour bond anisotropy: rows and combed directions score high. */
    anisotropy: { pass: 0.2, fail: 0.5 } as Band,
    /** Share of impressions in straight, evenly spaced runs of 5 or more. */
    runShare: { pass: 0.06, fail: 0.25 } as Band,
    /** Impressions in the longest straight run: one long row shows however large the work. */
    longestRun: { pass: 7, fail: 10 } as Band,
    /** Share of impressions in gently curving tracks of 8+, and the longest track. */
    trackShare: { pass: 0.04, fail: 0.12 } as Band,
    longestTrack: { pass: 11, fail: 16 } as Band,
    /** Share of 6-spacing windows whose local order reads as a grid patch. */
    gridShare: { pass: 0.01, fail: 0.06 } as Band,
    /** Variance of Delaunay neighbour counts: natural ≈ 0.7; honeycomb-like, over-even work ≲ 0.45. */
    degreeVariance: { pass: 0.56, fail: 0.47 } as Band,
    /**
     * CV of interior impressions' local (Delaunay) areas: natural Poisson-disk and human work
     * measure .20–.25, Lloyd-relaxed (machine-even) work .14–.17; fail-level below .185.
     */
    localAreaCv: { pass: 0.195, fail: 0.175 } as Band,
  },
  coverage: {
    /** Impressions inside ÷ what natural work at the target spacing would have. */
    density: { pass: 0.8, fail: 0.45 } as Band,
    /** Upper bound: more than this is overworked skin. */
    densityHigh: { pass: 1.3, fail: 1.5 } as Band,
    /** Share of the area farther than 1.1 × spacing from any impression. */
    uncovered: { pass: 0.02, fail: 0.2 } as Band,
    /** Largest empty circle's radius ÷ spacing: an absolute limit on any one bare patch. */
    emptyCircle: { pass: 1.6, fail: 2.2 } as Band,
    /** Quadrat variance-to-mean ratio: patchy density. */
    evenness: { pass: 0.6, fail: 2.0 } as Band,
    /** Share of 5-spacing windows denser than 1.7× / thinner than 0.4× the typical window. */
    heavyShare: { pass: 0.01, fail: 0.05 } as Band,
    thinShare: { pass: 0.01, fail: 0.05 } as Band,
    /** Fitted change of density across the work ÷ its mean (one side dense, the other sparse). */
    gradient: { pass: 0.4, fail: 0.7 } as Band,
  },
  edge: {
    /** Front band (first spacing from the edge) density ÷ interior: a fade starts low. */
    frontHigh: { pass: 0.6, fail: 0.85 } as Band,
    /** A heavy band behind the front: the densest of bands 2–5 ÷ interior. */
    bandHigh: { pass: 1.25, fail: 1.5 } as Band,
    /** Stagger of neighbouring front-most impressions, in spacings: a drawn line is near 0. */
    stagger: { pass: 0.2, fail: 0.1 } as Band,
    /** Share of the edge (3-spacing stretches) the work does not reach within 2.5 spacings. */
    unreached: { pass: 0.15, fail: 0.35 } as Band,
    /** The front's distance behind the design line, averaged over ~9 spacings of edge, at its worst (working spacings). */
    drift: { pass: 2.4, fail: 3.2 } as Band,
  },
} as const;

/** Maps a measurement to 0–100 between a band's pass and fail thresholds. */
export function band(value: number, b: Band): number {
  if (b.pass === b.fail) return value === b.pass ? 100 : 0;
  const t = (value - b.fail) / (b.pass - b.fail);
  return Math.round(Math.max(0, Math.min(1, t)) * 100);
}
