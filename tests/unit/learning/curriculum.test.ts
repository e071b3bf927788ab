import { DEFAULT_ATTEMPT_POLICY } from '../../../src/lib/learning/check-policy.ts';
import { describe, expect, it } from 'vitest';
import { buildCurriculum, curriculumErrors } from '../../../src/lib/learning/curriculum.ts';
import {
  checkStatus,
  continueWith,
  courseProgress,
  lessonStatus,
  moduleProgress,
  neighbours,
  nextLocked,
  type LearnerState,
} from '../../../src/lib/learning/progress.ts';
import type { Check, Course, LessonMeta } from '../../../src/lib/learning/schema.ts';

const course: Course = {
  title: 'Test course',
  summary: 'x',
  modules: [
    { id: 'one', title: 'One', summary: 'x' },
    { id: 'two', title: 'Two', summary: 'x' },
  ],
};
const lesson = (id: string, module: string, order: number, prerequisites: string[] = []): LessonMeta => ({
  id,
  title: id.toUpperCase(),
  summary: 'x',
  module,
  order,
  minutes: 5,
  objectives: ['x'],
  prerequisites,
});
const check = (module: string): Check => ({
  id: module,
  title: `Check ${module}`,
  module,
  passMark: 0.8,
  attempts: DEFAULT_ATTEMPT_POLICY,
  questions: [],
});
const lessons = [lesson('a', 'one', 1), lesson('b', 'one', 2, ['a']), lesson('c', 'two', 1, ['b'])];
const checks = [check('one'), check('two')];

describe('curriculumErrors', () => {
  it('accepts a consistent course', () => {
    expect(curriculumErrors(course, lessons, checks)).toEqual([]);
  });
  it('reports a broken prerequisite, a duplicate order, a loop and a module without a check', () => {
    const broken = [lesson('a', 'one', 1, ['c']), lesson('b', 'one', 1, ['a', 'ghost']), lesson('c', 'two', 1, ['b'])];
    const errors = curriculumErrors(course, broken, [check('one')]);
    expect(errors).toContain('lesson b: prerequisite "ghost" does not exist');
    expect(errors).toContain('lessons a and b: both have order 1 in module one');
    expect(errors.some((e) => e.startsWith('prerequisites loop: '))).toBe(true);
    expect(errors).toContain('module two: has no knowledge check');
  });
  it('reports a question pointing at a missing lesson or at a lesson of another module', () => {
    const q = (id: string, taught: string) => ({
      id,
      prompt: 'P',
      kind: 'single' as const,
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
      answer: ['a'],
      explanation: 'E',
      lesson: taught,
    });
    const withLinks = [{ ...check('one'), questions: [q('q1', 'b'), q('q2', 'ghost'), q('q3', 'c')] }, check('two')];
    expect(curriculumErrors(course, lessons, withLinks)).toEqual([
      'check one: question q2 points at lesson "ghost", which does not exist',
      'check one: question q3 points at lesson "c" of another module',
    ]);
  });
  it('reports a lesson in an unknown module', () => {
    expect(curriculumErrors(course, [...lessons, lesson('z', 'nope', 1)], checks)).toContain(
      'lesson z: module "nope" is not in course.json',
    );
  });
});

describe('progress and gating', () => {
  const c = buildCurriculum(course, lessons, checks);
  const state = (done: string[], passed: string[] = [], opened: Record<string, number> = {}): LearnerState => ({
    completed: new Map(done.map((d) => [d, new Date(0)])),
    opened: new Map(Object.entries(opened).map(([k, v]) => [k, new Date(v)])),
    passedChecks: new Set(passed),
  });

  it('locks a lesson until its prerequisites are complete, naming them', () => {
    expect(lessonStatus(c, state([]), 'a')).toEqual({ state: 'open' });
    expect(lessonStatus(c, state([]), 'b')).toEqual({ state: 'locked', needs: [lessons[0]] });
    expect(lessonStatus(c, state(['a']), 'b')).toEqual({ state: 'open' });
    expect(lessonStatus(c, state(['a', 'b']), 'b')).toEqual({ state: 'done' });
  });

  it('opens a module check once all its lessons are complete', () => {
    const one = c.modules[0]!;
    expect(checkStatus(one, state(['a']))).toEqual({ state: 'locked', needs: [lessons[1]] });
    expect(checkStatus(one, state(['a', 'b']))).toEqual({ state: 'open' });
    expect(checkStatus(one, state(['a', 'b'], ['one']))).toEqual({ state: 'passed' });
  });

  it('counts lessons and the check in module and course progress', () => {
    const s = state(['a', 'b'], ['one']);
    expect(moduleProgress(c.modules[0]!, s)).toEqual({ id: 'one', done: 3, total: 3, percent: 100, checkPassed: true });
    expect(courseProgress(c, s)).toEqual({ done: 3, total: 5, percent: 60 });
  });

  it('continues with the last opened unfinished lesson, else the first open item', () => {
    expect(continueWith(c, state([]))).toEqual({ kind: 'lesson', lesson: lessons[0], resumed: false });
    expect(continueWith(c, state(['a'], [], { b: 10 }))).toEqual({ kind: 'lesson', lesson: lessons[1], resumed: true });
    // Module one's check comes before module two's lessons in course order.
    expect(continueWith(c, state(['a', 'b']))).toMatchObject({ kind: 'check', module: { id: 'one' } });
    expect(continueWith(c, state(['a', 'b'], ['one']))).toEqual({ kind: 'lesson', lesson: lessons[2], resumed: false });
    const allLessons = state(['a', 'b', 'c'], ['one']);
    expect(continueWith(c, allLessons)).toMatchObject({ kind: 'check', module: { id: 'two' } });
    expect(continueWith(c, state(['a', 'b', 'c'], ['one', 'two']))).toEqual({ kind: 'finished' });
  });

  it('names the next locked item and what unlocks it', () => {
    expect(nextLocked(c, state([]))).toEqual({ title: 'B', needs: [lessons[0]] });
    expect(nextLocked(c, state(['a', 'b', 'c'], ['one', 'two']))).toBeNull();
  });

  it('finds previous and next lessons across modules', () => {
    expect(neighbours(c, 'b')).toEqual({ prev: lessons[0], next: lessons[2] });
    expect(neighbours(c, 'a').prev).toBeNull();
    expect(neighbours(c, 'c').next).toBeNull();
  });
});
