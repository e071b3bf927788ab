/** Renders a DrillScore into the feedback panel markup of ScorePanel.astro. */
import { scoreLevel } from '../lib/drill/score-level.ts';
import { describeJudged } from '../lib/attempt-sessions.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';

/** Fills the panel: total, verdict, sub-scores, what the canvas is judged against, counts and findings. */
export function renderScore(root: HTMLElement, score: DrillScore): void {
  const set = (sel: string, text: string) => {
    const el = root.querySelector<HTMLElement>(sel);
    if (el) el.textContent = text;
  };
  set('[data-score="total"]', String(score.total));
  const verdict = root.querySelector<HTMLElement>('[data-score="verdict"]');
  if (verdict) {
    verdict.textContent = score.pass ? 'Passing' : 'Not passing yet';
    verdict.className = `pill ${score.pass ? 'ok' : 'warn'}`;
  }
  for (const key of ['spacing', 'randomness', 'coverage', 'edge'] as const) {
    const row = root.querySelector<HTMLElement>(`[data-sub="${key}"]`);
    if (!row) continue;
    const value = score[key];
    row.hidden = value === null;
    if (value === null) continue;
    row.querySelector<HTMLElement>('.value')!.textContent = String(value);
    const bar = row.querySelector<HTMLElement>('.progress > span')!;
    bar.style.width = `${value}%`;
    bar.dataset.level = scoreLevel(value);
  }
  set('[data-score="session"]', describeJudged(score.session));
  set(
    '[data-score="counts"]',
    `${score.counts.inside} impressions in the area${score.counts.outside ? `, ${score.counts.outside} outside` : ''}`,
  );
  const list = root.querySelector<HTMLUListElement>('[data-score="findings"]');
  if (list) {
    list.replaceChildren(
      ...score.findings.map((f) => {
        const li = document.createElement('li');
        li.dataset.level = f.level;
        li.dataset.criterion = f.criterion;
        li.textContent = f.message;
        return li;
      }),
    );
  }
}
