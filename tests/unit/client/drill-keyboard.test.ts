import { describe, expect, it } from 'vitest';
import {
  FINE_STEP_SHARE,
  keyboardStep,
  shortcutsPreferred,
  STEP_ACROSS_JITTER,
  STEP_ALONG_JITTER,
  STEP_SHARE,
} from '../../../src/client/drill-keyboard.ts';
import { describeScoreChange, type ScoreSummary } from '../../../src/client/score-announcer.ts';

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe('keyboardStep', () => {
  it('moves about half a spacing, varied along and across the direction, never a fixed lattice step', () => {
    const random = seeded(3);
    const steps = Array.from({ length: 500 }, () => keyboardStep(2, [1, 0], false, random));
    const along = steps.map(([x]) => x);
    const across = steps.map(([, y]) => y);
    const base = 2 * STEP_SHARE;
    for (const x of along) {
      expect(x).toBeGreaterThanOrEqual(base * (1 - STEP_ALONG_JITTER) - 1e-9);
      expect(x).toBeLessThanOrEqual(base * (1 + STEP_ALONG_JITTER) + 1e-9);
    }
    for (const y of across) expect(Math.abs(y)).toBeLessThanOrEqual(base * STEP_ACROSS_JITTER + 1e-9);
    expect(new Set(along.map((x) => x.toFixed(3))).size).toBeGreaterThan(250);
    expect(Math.max(...across) - Math.min(...across)).toBeGreaterThan(base * STEP_ACROSS_JITTER);
    const mean = along.reduce((a, b) => a + b, 0) / along.length;
    expect(mean).toBeCloseTo(base, 1);
  });

  it('turns with the arrow: up moves up, and Shift makes a small step', () => {
    const [x, y] = keyboardStep(2, [0, -1], false, () => 0.5);
    expect(x).toBeCloseTo(0);
    expect(y).toBeCloseTo(-2 * STEP_SHARE);
    const [fx] = keyboardStep(2, [1, 0], true, () => 0.5);
    expect(fx).toBeCloseTo(2 * FINE_STEP_SHARE);
  });
});

describe('shortcutsPreferred', () => {
  it('is on unless the trainee turned it off', () => {
    expect(shortcutsPreferred(null)).toBe(true);
    expect(shortcutsPreferred({ getItem: () => null })).toBe(true);
    expect(shortcutsPreferred({ getItem: () => 'off' })).toBe(false);
  });
});

describe('describeScoreChange', () => {
  const base: ScoreSummary = { total: 60, pass: false, spacing: 80, randomness: 70, coverage: 40, edge: null };

  it('names the total and only the sub-scores that changed', () => {
    expect(describeScoreChange(base, { ...base, total: 64, coverage: 46 })).toBe(
      'Score 64, not passing yet. Coverage 46, up 6.',
    );
    expect(describeScoreChange(base, { ...base, total: 72, pass: true, spacing: 75, coverage: 52 })).toBe(
      'Score 72, passing. Spacing 75, down 5; Coverage 52, up 12.',
    );
  });

  it('says nothing when nothing changed', () => {
    expect(describeScoreChange(base, { ...base })).toBe('');
  });
});
