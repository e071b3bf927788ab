import { DEFAULT_ATTEMPT_POLICY } from '../../../src/lib/learning/check-policy.ts';
import { describe, expect, it } from 'vitest';
import { CHECK_COOLDOWN_MS, scoreCheck, tooSoon, validateAnswers } from '../../../src/lib/learning/check-scoring.ts';
import type { Check } from '../../../src/lib/learning/schema.ts';

const check: Check = {
  id: 'm',
  title: 'Check',
  module: 'm',
  passMark: 0.8,
  attempts: DEFAULT_ATTEMPT_POLICY,
  questions: [
    {
      id: 'q1',
      prompt: 'One?',
      kind: 'single',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
      answer: ['a'],
      explanation: 'Because A.',
    },
    {
      id: 'q2',
      prompt: 'Many?',
      kind: 'multiple',
      options: [
        { id: 'x', text: 'X' },
        { id: 'y', text: 'Y' },
        { id: 'z', text: 'Z' },
      ],
      answer: ['x', 'z'],
      explanation: 'X and Z.',
    },
    ...['q3', 'q4', 'q5'].map((id) => ({
      id,
      prompt: `${id}?`,
      kind: 'single' as const,
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
      answer: ['b'],
      explanation: 'B.',
    })),
  ],
};
const allRight = { q1: ['a'], q2: ['z', 'x'], q3: ['b'], q4: ['b'], q5: ['b'] };

describe('validateAnswers', () => {
  it('accepts a full, well-formed submission and normalises it', () => {
    expect(validateAnswers(check, allRight)).toEqual({ ok: true, value: { ...allRight, q2: ['x', 'z'] } });
  });
  it('refuses unknown questions, unknown options, two answers to a single-choice question, and gaps', () => {
    expect(validateAnswers(check, { ...allRight, q9: ['a'] })).toEqual({
      ok: false,
      error: { kind: 'invalid', message: 'There is no question "q9" in this check.' },
    });
    expect(validateAnswers(check, { ...allRight, q1: ['c'] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('“c” is not an option') },
    });
    expect(validateAnswers(check, { ...allRight, q1: ['a', 'b'] })).toMatchObject({
      ok: false,
      error: { message: 'Choose one answer for “One?”.' },
    });
    const { q3: _q3, ...missing } = allRight;
    expect(validateAnswers(check, missing)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Answer every question') },
    });
  });
});

describe('scoreCheck', () => {
  it('passes at the pass mark and counts a multiple-choice question only when exactly right', () => {
    const all = scoreCheck(check, validatedOf(allRight));
    expect(all).toMatchObject({ correct: 5, total: 5, score: 1, passed: true });
    const partial = scoreCheck(check, validatedOf({ ...allRight, q2: ['x'] }));
    expect(partial).toMatchObject({ correct: 4, score: 0.8, passed: true });
    expect(partial.perQuestion.find((p) => p.id === 'q2')).toMatchObject({
      correct: false,
      answer: ['x', 'z'],
      explanation: 'X and Z.',
    });
    const extra = scoreCheck(check, validatedOf({ ...allRight, q2: ['x', 'y', 'z'], q1: ['b'] }));
    expect(extra).toMatchObject({ correct: 3, score: 0.6, passed: false });
  });
});

describe('burst limit', () => {
  it('asks for a wait right after an attempt and none afterwards', () => {
    const now = new Date(100_000);
    expect(tooSoon(null, now)).toBe(0);
    expect(tooSoon(new Date(99_000), now)).toBe(CHECK_COOLDOWN_MS - 1000);
    expect(tooSoon(new Date(100_000 - CHECK_COOLDOWN_MS), now)).toBe(0);
  });
});

function validatedOf(a: Record<string, string[]>) {
  const v = validateAnswers(check, a);
  if (!v.ok) throw new Error(v.error.message);
  return v.value;
}
