import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionsAsked } from '../../../src/lib/learning/check-policy.ts';
import {
  bankErrors,
  correctPositions,
  MAX_POSITION_SHARE,
  positionShares,
} from '../../../src/lib/learning/question-bank.ts';
import { checkSchema, type Check } from '../../../src/lib/learning/schema.ts';
import { coursesDir, lessonAnchors, readAllCourses } from '../../../src/server/course-files.ts';

/** A bank of `n` single-choice questions whose correct option sits at `at(i)` of three. */
function bank(n: number, at: (i: number) => number, ask = 5): Check {
  return {
    id: 'm',
    title: 'Check',
    module: 'm',
    passMark: 0.8,
    attempts: { max: 3, retryMinutes: 2, lockoutHours: 24 },
    ask,
    questions: Array.from({ length: n }, (_, i) => ({
      id: `q${i}`,
      prompt: `Question ${i}?`,
      kind: 'single' as const,
      options: ['a', 'b', 'c'].map((id) => ({ id, text: id.toUpperCase() })),
      answer: [['a', 'b', 'c'][at(i)]!],
      explanation: 'Because.',
      lesson: 'l',
      section: 'the-section',
    })),
  };
}
const anchors = new Map([['l', new Set(['the-section'])]]);

describe('bankErrors', () => {
  it('accepts a bank twice the size asked, with correct options spread and every question linked to a section', () => {
    expect(
      bankErrors(
        bank(10, (i) => i % 3),
        anchors,
      ),
    ).toEqual([]);
  });

  it('refuses a bank smaller than twice what an attempt asks', () => {
    expect(bankErrors(bank(9, (i) => i % 3))).toEqual([
      'check m: an attempt asks 5 questions, so the bank needs at least 10; it has 9',
    ]);
    const { ask: _ask, ...noAsk } = bank(9, (i) => i % 3);
    expect(bankErrors(noAsk)[0]).toMatch(/asks 9 questions, so the bank needs at least 18; it has 9 \(set `ask`/);
  });

  it('refuses a question id used twice', () => {
    const c = bank(10, (i) => i % 3);
    c.questions[4] = { ...c.questions[4]!, id: 'q1' };
    expect(bankErrors(c)).toEqual(['check m: question id q1 is used twice']);
  });

  it('refuses correct options bunched at one position', () => {
    const c = bank(10, (i) => (i < 5 ? 0 : 1 + (i % 2)));
    expect(positionShares(c.questions)[0]).toBeGreaterThan(MAX_POSITION_SHARE);
    expect(bankErrors(c)).toEqual([
      'check m: 50% of the correct options are option 1; spread them so that no position holds more than 40%',
    ]);
  });

  it('refuses a question without a section, or pointing at a lesson or heading that is not there', () => {
    const c = bank(10, (i) => i % 3);
    c.questions[0] = { ...c.questions[0]!, section: undefined };
    c.questions[1] = { ...c.questions[1]!, lesson: 'elsewhere' };
    c.questions[2] = { ...c.questions[2]!, section: 'no-such-heading' };
    expect(bankErrors(c, anchors)).toEqual([
      'check m: question q0 needs a lesson and a section, where it is taught',
      'check m: question q1 points at "elsewhere", not a lesson of its module',
      'check m: question q2 points at section "no-such-heading", not a heading of l',
    ]);
  });

  it('refuses a question with fewer than three or more than five options', () => {
    const c = bank(10, (i) => i % 3);
    c.questions[3] = { ...c.questions[3]!, options: c.questions[3]!.options.slice(0, 2), answer: ['a'] };
    expect(bankErrors(c)).toEqual(['check m: question q3 has 2 options; give it 3 to 5 plausible ones']);
  });

  it('counts every correct option of a multiple-choice question at its position', () => {
    const c = bank(1, () => 0);
    c.questions[0] = { ...c.questions[0]!, kind: 'multiple', answer: ['a', 'c'] };
    expect(correctPositions(c.questions)).toEqual([1, 0, 1]);
  });

  it('refuses, in the schema, a check asking more questions than its bank holds', () => {
    const r = checkSchema.safeParse({ ...bank(5, (i) => i % 3), ask: 6 });
    expect(r.success).toBe(false);
  });
});

describe('the course’s question banks', () => {
  const course = readAllCourses()[0]!;
  const headings = lessonAnchors(path.join(coursesDir(), course.id));

  it('hold at least twice the questions each attempt asks, for every module', () => {
    expect(course.checks).toHaveLength(course.course.modules.length);
    for (const c of course.checks) {
      expect(questionsAsked(c)).toBe(7);
      expect(c.questions.length).toBeGreaterThanOrEqual(2 * questionsAsked(c));
    }
  });

  it('pass the bank rules: unique ids, spread positions, each question linked to a heading of its module', () => {
    for (const c of course.checks) {
      const ofModule = course.lessons.filter((l) => l.module === c.module).map((l) => l.id);
      expect(bankErrors(c, new Map(ofModule.map((id) => [id, headings.get(id)!])))).toEqual([]);
    }
  });

  it('give each question three to five options and an explanation', () => {
    for (const q of course.checks.flatMap((c) => c.questions)) {
      expect(q.options.length).toBeGreaterThanOrEqual(3);
      expect(q.options.length).toBeLessThanOrEqual(5);
      expect(q.explanation.length).toBeGreaterThan(20);
    }
  });

  it('reads heading anchors the way the lesson page makes them', () => {
    expect(headings.get('consultation-and-expectations')).toContain('what-smp-is--and-is-not');
    expect(headings.get('finding-the-right-depth')).toContain('the-skins-feedback-during-work');
    expect(headings.get('finding-the-right-depth')).toContain('how-deep-is-the-upper-dermis');
  });
});
