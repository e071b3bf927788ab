/**
 * The compact score bar that stays in view above the canvas on narrow screens (a tablet in
 * portrait), where the full score panel sits below the canvas: the total, pass or not, and
 * the weakest sub-score.
 */
import type { DrillScore } from '../lib/drill/scoring.ts';

const LABELS = { spacing: 'Spacing', randomness: 'Randomness', coverage: 'Coverage', edge: 'Hairline edge' } as const;

/** The weakest judged sub-score, with its label. */
export function weakestSubScore(score: Pick<DrillScore, 'spacing' | 'randomness' | 'coverage' | 'edge'>): {
  label: string;
  value: number;
} {
  let weakest: { label: string; value: number } = { label: LABELS.spacing, value: score.spacing };
  for (const key of ['randomness', 'coverage', 'edge'] as const) {
    const v = score[key];
    if (v !== null && v < weakest.value) weakest = { label: LABELS[key], value: v };
  }
  return weakest;
}

/** Fills the bar's `[data-bar="total"]`, `[data-bar="verdict"]` and `[data-bar="weakest"]`. */
export function renderScoreBar(root: HTMLElement, score: DrillScore): void {
  const set = (key: string, text: string) => {
    const el = root.querySelector<HTMLElement>(`[data-bar="${key}"]`);
    if (el && el.textContent !== text) el.textContent = text;
  };
  set('total', String(score.total));
  set('verdict', score.pass ? 'Passing' : 'Not passing yet');
  const w = weakestSubScore(score);
  set('weakest', `${w.label} ${w.value}`);
  root.dataset.pass = String(score.pass);
}
