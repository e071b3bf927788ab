/**
 * Knowledge-check scoring on the server. The browser only ever receives prompts and
 * options; answers arrive as option ids and are checked here against the content.
 */
import { fail, ok, type Result } from '../errors.ts';
import type { Check, Question } from './schema.ts';

/** Question id → chosen option ids. */
export type Answers = Record<string, string[]>;

/**
 * The outcome of one submission of a knowledge check, with each question's answer and explanation for the feedback
 * page.
 */
export interface CheckResult {
  correct: number;
  total: number;
  /** 0–1. */
  score: number;
  passed: boolean;
  perQuestion: Array<{ id: string; correct: boolean; chosen: string[]; answer: string[]; explanation: string }>;
}

/** The cleaned answers, or an `invalid` error saying what is wrong with them. */
export type AnswerCheck = Result<Answers>;

/**
 * Validates submitted answers against the check as asked (the attempt's drawn questions):
 * every question answered, no unknown question or option ids, one option for single-choice
 * questions.
 */
export function validateAnswers(check: Check, answers: Answers): AnswerCheck {
  const questions = new Map(check.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers))
    if (!questions.has(id)) return fail('invalid', `There is no question "${id}" in this check.`);
  const clean: Answers = {};
  for (const q of check.questions) {
    const chosen = [...new Set(answers[q.id] ?? [])];
    if (chosen.length === 0) return fail('invalid', `Answer every question: “${q.prompt}” has no answer.`);
    const options = new Set(q.options.map((o) => o.id));
    const unknown = chosen.find((c) => !options.has(c));
    if (unknown) return fail('invalid', `“${unknown}” is not an option of question “${q.prompt}”.`);
    if (q.kind === 'single' && chosen.length > 1) return fail('invalid', `Choose one answer for “${q.prompt}”.`);
    clean[q.id] = chosen.sort();
  }
  return ok(clean);
}

function isCorrect(q: Question, chosen: string[]): boolean {
  const want = [...q.answer].sort();
  return chosen.length === want.length && chosen.every((c, i) => c === want[i]);
}

/** Scores validated answers; a multiple-choice question counts only when exactly right. */
export function scoreCheck(check: Check, answers: Answers): CheckResult {
  const perQuestion = check.questions.map((q) => {
    const chosen = answers[q.id] ?? [];
    return {
      id: q.id,
      correct: isCorrect(q, chosen),
      chosen,
      answer: [...q.answer].sort(),
      explanation: q.explanation,
    };
  });
  const correct = perQuestion.filter((p) => p.correct).length;
  const total = check.questions.length;
  const score = total ? correct / total : 0;
  return { correct, total, score, passed: score >= check.passMark - 1e-9, perQuestion };
}

/** What the browser may see of a check: no answers, no explanations. */
export function publicCheck(check: Check) {
  return {
    id: check.id,
    title: check.title,
    passMark: check.passMark,
    questions: check.questions.map((q) => ({ id: q.id, prompt: q.prompt, kind: q.kind, options: q.options })),
  };
}

/** Burst limit: at most one submission per check every few seconds. */
export const CHECK_COOLDOWN_MS = 5_000;

/** Milliseconds still to wait before the check may be submitted again (0 when it may be now). */
export function tooSoon(lastAttemptAt: Date | null, now: Date): number {
  if (!lastAttemptAt) return 0;
  const wait = lastAttemptAt.getTime() + CHECK_COOLDOWN_MS - now.getTime();
  return wait > 0 ? wait : 0;
}
