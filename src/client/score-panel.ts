/** Renders a DrillScore into the feedback panel markup of ScorePanel.astro. */
import { scoreLevel } from '../lib/drill/score-level.ts';
import { describeJudged } from '../lib/judged-session.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';

/**
 * Fills the panel: total, verdict, sub-scores, what the canvas is judged against, counts and
 * findings. Only what changed is written (the live score renders after every impression, and
 * each write costs style and layout in the next frame).
 */
export function renderScore(root: HTMLElement, score: DrillScore): void {
  const set = (sel: string, text: string) => {
    const el = root.querySelector<HTMLElement>(sel);
    if (el) setText(el, text);
  };
  set('[data-score="total"]', String(score.total));
  const verdict = root.querySelector<HTMLElement>('[data-score="verdict"]');
  if (verdict) {
    setText(verdict, score.pass ? 'Passing' : 'Not passing yet');
    const className = `pill ${score.pass ? 'ok' : 'warn'}`;
    if (verdict.className !== className) verdict.className = className;
  }
  for (const key of ['spacing', 'randomness', 'coverage', 'edge'] as const) {
    const row = root.querySelector<HTMLElement>(`[data-sub="${key}"]`);
    if (!row) continue;
    const value = score[key];
    if (row.hidden !== (value === null)) row.hidden = value === null;
    if (value === null) continue;
    setText(row.querySelector<HTMLElement>('.value')!, String(value));
    const bar = row.querySelector<HTMLElement>('.progress > span')!;
    if (bar.style.width !== `${value}%`) bar.style.width = `${value}%`;
    const level = scoreLevel(value);
    if (bar.dataset.level !== level) bar.dataset.level = level;
  }
  set('[data-score="session"]', describeJudged(score.session));
  set(
    '[data-score="counts"]',
    `${score.counts.inside} impressions in the area${score.counts.outside ? `, ${score.counts.outside} outside` : ''}`,
  );
  const list = root.querySelector<HTMLUListElement>('[data-score="findings"]');
  const findings = score.findings.map((f) => f.level + f.criterion + f.message).join('\n');
  if (list && shownFindings.get(list) !== findings) {
    shownFindings.set(list, findings);
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

/**
 * The fold of a foldable panel (ScorePanel `foldable`): its button opens and closes the details
 * (`aria-expanded`, and `data-open` on the panel for the CSS, which folds only in tablet
 * portrait); following a link to the panel (the score bar's "Details") opens it.
 */
export function attachScoreFold(panel: HTMLElement, openers: Iterable<HTMLElement> = []): void {
  const button = panel.querySelector<HTMLButtonElement>('[data-score-fold]');
  if (!button) return;
  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    if (open) panel.dataset.open = '';
    else delete panel.dataset.open;
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  for (const opener of openers) opener.addEventListener('click', () => setOpen(true));
}

/** The findings each list shows now (level, criterion, message), so an unchanged list is not rebuilt. */
const shownFindings = new WeakMap<HTMLElement, string>();

/** Sets an element's text, unless it already reads so. */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
