/**
 * Every weight and threshold of the drill score, in one place. Change anything here and
 * bump SCORE_VERSION, so scores stored under an older version are never compared as equals.
 *
 * A threshold pair { pass, fail } maps a measurement to 0–100: 100 at or beyond `pass`,
 * 0 at or beyond `fail`, linear between (either direction).
 */
export const SCORE_VERSION = 1;

export interface Band {
  pass: number;
  fail: number;
}

export const SCORING = {
  /** Below this many impressions inside the area only spacing is scored. */
  minDotsForPattern: 20,
  weights: { spacing: 0.35, randomness: 0.3, coverage: 0.35 },
  /** With a hairline edge the edge score joins the total with this weight (others scaled down). */
  edgeWeight: 0.15,
  pass: { total: 70, eachCore: 50 },
  spacing: {
    /** Median nearest-neighbour distance ÷ target spacing: ideal between 0.85 and 1.2. */
    medianLow: { pass: 0.85, fail: 0.6 } as Band,
    medianHigh: { pass: 1.2, fail: 1.8 } as Band,
    /** Share of impressions closer than 0.6 × spacing to a neighbour. */
    closeShare: { pass: 0.03, fail: 0.2 } as Band,
  },
  randomness: {
    /** Orientational order of bonds: max(ψ4, ψ6). Grids score near 1, natural work near 0.05. */
    order: { pass: 0.2, fail: 0.5 } as Band,
    /** Nearest-neighbour bond anisotropy: rows and combed directions score high. */
    anisotropy: { pass: 0.2, fail: 0.5 } as Band,
    /** Share of impressions in straight, evenly spaced runs of 5 or more. */
    runShare: { pass: 0.06, fail: 0.25 } as Band,
  },
  coverage: {
    /** Impressions inside ÷ what natural work at the target spacing would have. */
    density: { pass: 0.85, fail: 0.5 } as Band,
    /** Share of the area farther than 1.1 × spacing from any impression. */
    uncovered: { pass: 0.02, fail: 0.2 } as Band,
    /** Quadrat variance-to-mean ratio: patchy density. */
    evenness: { pass: 0.6, fail: 2.0 } as Band,
    /** Share of impressions placed outside the treatment area. */
    outsideShare: { pass: 0.02, fail: 0.15 } as Band,
  },
  edge: {
    /** Density in the fade band ÷ interior density: a soft edge sits between 0.3 and 0.75. */
    fadeHigh: { pass: 0.75, fail: 1.0 } as Band,
    fadeLow: { pass: 0.3, fail: 0.1 } as Band,
    /** Spread of the front-most impressions' distance to the edge, in spacings: a hard line is near 0. */
    irregularity: { pass: 0.35, fail: 0.12 } as Band,
  },
} as const;

export function band(value: number, b: Band): number {
  if (b.pass === b.fail) return value === b.pass ? 100 : 0;
  const t = (value - b.fail) / (b.pass - b.fail);
  return Math.round(Math.max(0, Math.min(1, t)) * 100);
}
