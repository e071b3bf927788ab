/**
 * Rules for a module's question bank, checked before every build (src/cli/check-content.ts):
 * each attempt draws `ask` questions from the bank, so the bank must hold at least twice as
 * many; question ids are unique; each question offers three to five options; each question says where it is taught (a lesson of the
 * module and a heading anchor that exists in it); and the correct options are spread across
 * positions in the source, so that no position gives the answer away.
 */
import { questionsAsked } from './check-policy.ts';
import type { Check } from './schema.ts';

/** The bank must hold at least this many times the questions one attempt asks. */
export const BANK_FACTOR = 2;

/** Each question offers between this many… */
export const MIN_OPTIONS = 3;
/** …and this many options. */
export const MAX_OPTIONS = 5;

/** No option position may hold more than this share of a bank's correct options. */
export const MAX_POSITION_SHARE = 0.4;

/**
 * How often a correct option sits at each position (0 = first) in the source, over a set of
 * questions: every correct option of a multiple-choice question counts.
 */
export function correctPositions(questions: Check['questions']): number[] {
  const counts: number[] = [];
  for (const q of questions)
    q.options.forEach((o, i) => {
      if (q.answer.includes(o.id)) counts[i] = (counts[i] ?? 0) + 1;
    });
  return Array.from(counts, (c) => c ?? 0);
}

/** The share of correct options at each position, the largest first reported by `bankErrors`. */
export function positionShares(questions: Check['questions']): number[] {
  const counts = correctPositions(questions);
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total ? c / total : 0));
}

/**
 * What is wrong with a check's question bank, as sentences naming the check (empty when
 * nothing). `anchors` maps each lesson id of the module to the anchors of its headings; when
 * given, every question must name a lesson of the module and an anchor in it.
 */
export function bankErrors(check: Check, anchors?: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const errors: string[] = [];
  const asked = questionsAsked(check);
  const bank = check.questions.length;
  if (bank < BANK_FACTOR * asked)
    errors.push(
      `check ${check.id}: an attempt asks ${asked} questions, so the bank needs at least ${BANK_FACTOR * asked}; it has ${bank}` +
        (check.ask === undefined ? ' (set `ask` to the number each attempt draws)' : ''),
    );
  const seen = new Set<string>();
  for (const q of check.questions) {
    if (seen.has(q.id)) errors.push(`check ${check.id}: question id ${q.id} is used twice`);
    seen.add(q.id);
    if (q.options.length < MIN_OPTIONS || q.options.length > MAX_OPTIONS)
      errors.push(
        `check ${check.id}: question ${q.id} has ${q.options.length} options; give it ${MIN_OPTIONS} to ${MAX_OPTIONS} plausible ones`,
      );
  }
  positionShares(check.questions).forEach((share, i) => {
    if (share > MAX_POSITION_SHARE + 1e-9)
      errors.push(
        `check ${check.id}: ${Math.round(share * 100)}% of the correct options are option ${i + 1}; spread them so that no position holds more than ${Math.round(MAX_POSITION_SHARE * 100)}%`,
      );
  });
  if (anchors)
    for (const q of check.questions) {
      if (!q.lesson || !q.section) {
        errors.push(`check ${check.id}: question ${q.id} needs a lesson and a section, where it is taught`);
        continue;
      }
      const headings = anchors.get(q.lesson);
      if (!headings)
        errors.push(`check ${check.id}: question ${q.id} points at "${q.lesson}", not a lesson of its module`);
      else if (!headings.has(q.section))
        errors.push(
          `check ${check.id}: question ${q.id} points at section "${q.section}", not a heading of ${q.lesson}`,
        );
    }
  return errors;
}
