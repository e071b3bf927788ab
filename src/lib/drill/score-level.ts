/** How a 0–100 score reads at a glance, from the pass marks of the scoring config. */
import { SCORING } from './scoring-config.ts';

/** `ok`: at or above the pass mark for the total; `warn`: at or above the minimum each part needs; else `bad`. */
export type ScoreLevel = 'ok' | 'warn' | 'bad';

/** The level of a score (a total or one part of it) against `SCORING.pass`. */
export function scoreLevel(value: number): ScoreLevel {
  if (value >= SCORING.pass.total) return 'ok';
  if (value >= SCORING.pass.eachCore) return 'warn';
  return 'bad';
}

/** Whether a total reaches the pass mark (the drill list's "best score" pill). */
export function reachesPassMark(total: number): boolean {
  return total >= SCORING.pass.total;
}
