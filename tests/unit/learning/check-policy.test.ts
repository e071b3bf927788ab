import { describe, expect, it } from 'vitest';
import {
  attemptOrder,
  checkGate,
  DEFAULT_ATTEMPT_POLICY,
  drawnCheck,
  questionsAsked,
} from '../../../src/lib/learning/check-policy.ts';
import { CHECK_COOLDOWN_MS, publicCheck, scoreCheck } from '../../../src/lib/learning/check-scoring.ts';
import { readAllCourses } from '../../../src/server/course-files.ts';

const policy = { max: 3, retryMinutes: 2, lockoutHours: 24 };
const min = 60_000;
const hour = 3_600_000;
const t0 = 1_000_000_000;
const at = (ms: number) => new Date(t0 + ms);
const fail = (ms: number) => ({ at: at(ms), passed: false });
const pass = (ms: number) => ({ at: at(ms), passed: true });

describe('checkGate', () => {
  it('is open with every attempt left before the first attempt', () => {
    expect(checkGate([], [], policy, at(0))).toEqual({ state: 'open', until: null, attemptsLeft: 3, attemptsMade: 0 });
  });

  it('makes the trainee wait the retry time after a failed attempt, not a few seconds', () => {
    expect(checkGate([fail(0)], [], policy, at(10_000))).toEqual({
      state: 'retry',
      until: at(2 * min),
      attemptsLeft: 2,
      attemptsMade: 1,
    });
    expect(checkGate([fail(0)], [], policy, at(2 * min)).state).toBe('open');
  });

  it('rests the check for the lockout after the last failed attempt of a round, then opens a new round', () => {
    const three = [fail(0), fail(5 * min), fail(10 * min)];
    expect(checkGate(three, [], policy, at(11 * min))).toEqual({
      state: 'rest',
      until: at(10 * min + 24 * hour),
      attemptsLeft: 0,
      attemptsMade: 3,
    });
    expect(checkGate(three, [], policy, at(10 * min + 24 * hour))).toMatchObject({ state: 'open', attemptsLeft: 3 });
    // A failure in the new round counts from one again.
    const four = [...three, fail(10 * min + 25 * hour)];
    expect(checkGate(four, [], policy, at(10 * min + 26 * hour))).toMatchObject({ state: 'open', attemptsLeft: 2 });
  });

  it('lets an instructor’s reset end a rest', () => {
    const three = [fail(0), fail(5 * min), fail(10 * min)];
    expect(checkGate(three, [at(hour)], policy, at(2 * hour))).toMatchObject({ state: 'open', attemptsLeft: 3 });
  });

  it('starts a new round after a pass, with only the burst limit right after it', () => {
    const history = [fail(0), fail(5 * min), pass(10 * min)];
    expect(checkGate(history, [], policy, at(10 * min + 1000))).toMatchObject({
      state: 'burst',
      until: at(10 * min + CHECK_COOLDOWN_MS),
    });
    expect(checkGate(history, [], policy, at(11 * min))).toMatchObject({ state: 'open', attemptsLeft: 3 });
  });

  it('accepts attempts in any order', () => {
    const three = [fail(10 * min), fail(0), fail(5 * min)];
    expect(checkGate(three, [], policy, at(11 * min)).state).toBe('rest');
  });
});

describe('attemptOrder', () => {
  const check = readAllCourses()[0]!.checks[0]!;

  it('is stable for one trainee and attempt, so a reload shows the same order', () => {
    expect(attemptOrder(check, 7, 2)).toEqual(attemptOrder(check, 7, 2));
  });

  it('draws `ask` different questions of the bank, with all their options, and a new draw from one attempt to the next', () => {
    const bank = new Map(check.questions.map((q) => [q.id, q]));
    const orders = [0, 1, 2, 3].map((n) => attemptOrder(check, 7, n));
    for (const o of orders) {
      expect(o.questions).toHaveLength(check.ask!);
      expect(new Set(o.questions).size).toBe(check.ask);
      for (const id of o.questions) {
        const q = bank.get(id)!;
        expect([...o.options[id]!].sort()).toEqual(q.options.map((x) => x.id).sort());
      }
      expect(Object.keys(o.options).sort()).toEqual([...o.questions].sort());
    }
    const signature = (o: (typeof orders)[number]) => JSON.stringify(o);
    expect(new Set(orders.map(signature)).size).toBe(4);
    expect(new Set(orders.map((o) => [...o.questions].sort().join()))).toHaveProperty('size', 4);
  });

  it('is deterministic from the trainee, the check and the attempt, and differs between trainees', () => {
    expect(attemptOrder(check, 7, 5)).toEqual(attemptOrder({ ...check, questions: [...check.questions] }, 7, 5));
    expect(attemptOrder(check, 8, 5).questions).not.toEqual(attemptOrder(check, 7, 5).questions);
    const other = readAllCourses()[0]!.checks[1]!;
    expect(attemptOrder(other, 7, 5).questions.every((id) => other.questions.some((q) => q.id === id))).toBe(true);
  });

  it('asks every question of the bank over a trainee’s attempts, about equally often', () => {
    const seen = new Map<string, number>();
    for (let attempt = 0; attempt < 300; attempt++)
      for (const id of attemptOrder(check, 3, attempt).questions) seen.set(id, (seen.get(id) ?? 0) + 1);
    expect(seen.size).toBe(check.questions.length);
    const expected = (300 * check.ask!) / check.questions.length;
    for (const n of seen.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.35);
  });

  it('asks the whole bank when a check does not say how many to draw', () => {
    const { ask: _ask, ...all } = check;
    expect(questionsAsked(all)).toBe(check.questions.length);
    expect(attemptOrder(all, 7, 0).questions).toHaveLength(check.questions.length);
  });

  it('grades against the drawn questions only, and what the browser gets of them carries no answer', () => {
    const order = attemptOrder(check, 7, 1);
    const asked = drawnCheck(check, order);
    expect(asked.questions.map((q) => q.id)).toEqual(order.questions);
    const right = Object.fromEntries(asked.questions.map((q) => [q.id, [...q.answer].sort()]));
    expect(scoreCheck(asked, right)).toMatchObject({ correct: check.ask, total: check.ask, passed: true });
    const sent = JSON.stringify(publicCheck(asked));
    expect(sent).not.toMatch(/"answer"|"explanation"|"lesson"|"section"/);
    for (const q of check.questions) expect(sent).not.toContain(q.explanation);
    const drawnIds = new Set(order.questions);
    for (const q of check.questions.filter((x) => !drawnIds.has(x.id))) expect(sent).not.toContain(q.prompt);
  });

  it('puts the correct option at every position about equally often over many attempts', () => {
    const counts = [0, 0, 0];
    let singles = 0;
    for (const c of readAllCourses()[0]!.checks)
      for (let attempt = 0; attempt < 100; attempt++) {
        const o = attemptOrder(c, 11, attempt);
        for (const q of drawnCheck(c, o).questions.filter((x) => x.kind === 'single' && x.options.length === 3)) {
          counts[o.options[q.id]!.indexOf(q.answer[0]!)]!++;
          singles++;
        }
      }
    expect(singles).toBeGreaterThan(1000);
    for (const c of counts) expect(c / singles).toBeGreaterThan(0.28);
  });
});

describe('the checks’ content', () => {
  it('does not put a correct option first in most questions', () => {
    const questions = readAllCourses()[0]!.checks.flatMap((c) => c.questions);
    const first = questions.filter((q) => q.answer.includes(q.options[0]!.id)).length;
    expect(first / questions.length).toBeLessThan(0.5);
  });

  it('states an attempt policy for every check (the default when the frontmatter has none)', () => {
    for (const c of readAllCourses()[0]!.checks) expect(c.attempts).toEqual(DEFAULT_ATTEMPT_POLICY);
  });
});
