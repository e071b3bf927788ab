/**
 * What a score's session says, in words: what a canvas is judged against and which session is
 * being worked. Free of zod (unlike `attempt-sessions.ts`, which validates what the browser
 * sends), so the drill page can use these sentences without loading the validation library.
 */
import type { SessionTarget } from './drill/sessions.ts';

/** What a score's session says about how the canvas is judged (the `session` of a v2 score): a session target. */
export type JudgedSession = SessionTarget;

/**
 * One line saying what the canvas is judged against: "Judged as the end of session 1 of 3
 * (Foundation): …" or "Judged as finished work …"; scores without a session (v1, or saved
 * before sessions) are finished work.
 */
export function describeJudged(target: JudgedSession | undefined | null): string {
  if (!target) return 'Judged as finished work.';
  if (target.final)
    return target.of > 1
      ? `Judged as finished work: the end of session ${target.session} of ${target.of} (${target.name}).`
      : 'Judged as finished work.';
  return `Judged as the end of session ${target.session} of ${target.of} (${target.name}): about ${Math.round(
    target.density * 100,
  )}% of the final density, spacing about ${target.spacingMm.toFixed(1)} mm; ${target.goal}.`;
}

/**
 * A short label of what an attempt was judged as, for lists: "finished work", or "end of
 * session 1 of 3 (Foundation)"; v1 scores and scores saved before sessions are finished work.
 */
export function judgedLabel(target: JudgedSession | undefined | null): string {
  if (!target || target.final) return 'judged as finished work';
  return `judged as the end of session ${target.session} of ${target.of} (${target.name})`;
}

/** The control's line for the session being worked: "Session 2 of 3: Fill — target …". */
export function describeWorking(target: JudgedSession): string {
  return `Session ${target.session} of ${target.of}: ${target.name} — target about ${Math.round(
    target.density * 100,
  )}% of the final density (spacing about ${target.spacingMm.toFixed(1)} mm): ${target.goal}.`;
}
