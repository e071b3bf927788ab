/**
 * How far along a canvas is and whether it is ready to submit: the progress indicator
 * (impressions placed against the template's expected count, `estimateWork`) and the
 * question asked before submitting a canvas that does not pass, saying what fails.
 */
import type { DrillScore } from '../lib/drill/scoring.ts';

/** Updates a `<progress>` and its text: `placed` of about `expected` impressions. */
export function renderWorkProgress(root: HTMLElement, placed: number, expected: number): void {
  const bar = root.querySelector('progress');
  if (bar) {
    bar.max = expected;
    bar.value = Math.min(placed, expected);
  }
  const text = root.querySelector<HTMLElement>('[data-work-count]');
  if (text) text.textContent = `${placed} of about ${expected} impressions`;
}

/** The sub-scores a passing canvas needs at 50+, with their names. */
const SUBS = [
  ['spacing', 'spacing'],
  ['randomness', 'randomness'],
  ['coverage', 'coverage'],
  ['edge', 'the hairline edge'],
] as const;

/** What fails on a canvas that does not pass, in a trainee's words (empty when it passes). */
export function whatFails(
  score: Pick<DrillScore, 'pass' | 'total' | 'findings' | 'spacing' | 'randomness' | 'coverage' | 'edge'>,
): string[] {
  if (score.pass) return [];
  const out: string[] = [];
  if (score.total < 70) out.push(`the total is ${score.total}; a pass needs 70`);
  for (const [key, label] of SUBS) {
    const v = score[key];
    if (v !== null && v < 50) out.push(`${label} scores ${v}; a pass needs 50`);
  }
  for (const f of score.findings) if (f.level === 'fail') out.push(f.message);
  return out;
}

/**
 * The confirmation asked before submitting: for a passing canvas the usual question, for one
 * that does not pass what fails first, so a trainee never submits it without a word.
 */
export function submitQuestion(score: Parameters<typeof whatFails>[0] | null, session: number): string {
  const freeze = `Submit this canvas for review as the end of session ${session}? It will be frozen and scored by the server; you can start a new attempt afterwards.`;
  if (!score) return `The live score is not ready yet, so this canvas may not pass. ${freeze}`;
  const fails = whatFails(score);
  if (!fails.length) return freeze;
  return `This canvas does not pass yet:\n• ${fails.slice(0, 5).join('\n• ')}\n\nSubmit it for review anyway? It will be frozen and scored by the server; you can start a new attempt afterwards.`;
}
