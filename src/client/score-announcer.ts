/**
 * What a screen reader hears while a trainee works the canvas: after a pause in the work,
 * one short sentence with the total and only the sub-scores that changed ("Score 64, not
 * passing yet. Coverage 52, up 6."), instead of the whole findings list after every
 * impression.
 */
import type { DrillScore } from '../lib/drill/scoring.ts';

const SUBS = [
  ['spacing', 'Spacing'],
  ['randomness', 'Randomness'],
  ['coverage', 'Coverage'],
  ['edge', 'Hairline edge'],
] as const;

/** The numbers an announcement compares. */
export type ScoreSummary = Pick<DrillScore, 'total' | 'pass' | 'spacing' | 'randomness' | 'coverage' | 'edge'>;

/** The sentence for a change from `before` to `after`; empty when nothing a listener needs changed. */
export function describeScoreChange(before: ScoreSummary | null, after: ScoreSummary): string {
  const changed = SUBS.filter(([key]) => after[key] !== null && before?.[key] !== after[key]).map(([key, label]) => {
    const was = before?.[key];
    const now = after[key]!;
    return was == null ? `${label} ${now}` : `${label} ${now}, ${now > was ? 'up' : 'down'} ${Math.abs(now - was)}`;
  });
  if (before && before.total === after.total && before.pass === after.pass && changed.length === 0) return '';
  const head = `Score ${after.total}, ${after.pass ? 'passing' : 'not passing yet'}.`;
  return changed.length ? `${head} ${changed.join('; ')}.` : head;
}

/** Debounced announcements into a polite live region (`role="status"`). */
export class ScoreAnnouncer {
  private last: ScoreSummary | null = null;
  private pending: ScoreSummary | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly region: HTMLElement;
  private readonly delayMs: number;

  /** `region`: the live region; `delayMs`: the pause in the work before speaking. */
  constructor(region: HTMLElement, delayMs = 1500) {
    this.region = region;
    this.delayMs = delayMs;
  }

  /** Takes the score the page shows now without announcing it (on load). */
  baseline(score: ScoreSummary): void {
    this.last = pick(score);
  }

  /** Notes a new score; speaks once the work has paused for `delayMs`. */
  update(score: ScoreSummary): void {
    this.pending = pick(score);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Speaks the pending change now (if any). */
  flush(): void {
    if (!this.pending) return;
    const text = describeScoreChange(this.last, this.pending);
    this.last = this.pending;
    this.pending = null;
    if (text) this.region.textContent = text;
  }
}

function pick(s: ScoreSummary): ScoreSummary {
  return {
    total: s.total,
    pass: s.pass,
    spacing: s.spacing,
    randomness: s.randomness,
    coverage: s.coverage,
    edge: s.edge,
  };
}
