import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicCheck } from '../../../src/lib/learning/check-scoring.ts';
import { curriculumErrors, findCycle } from '../../../src/lib/learning/curriculum.ts';
import { readAllCourses } from '../../../src/server/course-files.ts';

const courses = readAllCourses();

describe('the course content', () => {
  it('has one valid, consistent course with at least 5 modules, 15 lessons and a check per module', () => {
    expect(courses).toHaveLength(1);
    const c = courses[0]!;
    expect(c.course.title).toBe('SMP Technician Foundations');
    expect(curriculumErrors(c.course, c.lessons, c.checks)).toEqual([]);
    expect(c.course.modules.length).toBeGreaterThanOrEqual(5);
    expect(c.lessons.length).toBeGreaterThanOrEqual(15);
    expect(c.checks).toHaveLength(c.course.modules.length);
  });

  it('has acyclic prerequisites', () => {
    expect(findCycle(courses[0]!.lessons)).toBeNull();
  });

  it('has lessons of real substance (600+ words of body) and at least one figure or callout each', () => {
    const dir = path.resolve('content/courses/smp-foundations/lessons');
    for (const l of courses[0]!.lessons) {
      const body = fs.readFileSync(path.join(dir, `${l.id}.mdx`), 'utf8').replace(/^---[\s\S]*?---/, '');
      const words = body
        .replace(/<[^>]+>/g, ' ')
        .split(/\s+/)
        .filter(Boolean).length;
      expect(words, l.id).toBeGreaterThanOrEqual(600);
      expect(/<(Callout|Figure)\b/.test(body), l.id).toBe(true);
    }
  });

  it('covers the topics the academy requires', () => {
    const text = fs
      .readdirSync('content/courses/smp-foundations/lessons')
      .map((f) => fs.readFileSync(path.join('content/courses/smp-foundations/lessons', f), 'utf8'))
      .join('\n')
      .toLowerCase();
    for (const topic of [
      'epidermis',
      'dermis',
      'fitzpatrick',
      'blowout',
      'migration',
      'needle',
      'dilution',
      'sterile',
      'single-use',
      'sharps',
      'bloodborne',
      'contraindication',
      'patch test',
      'hairline',
      'recession',
      'density',
      'session',
      'scar',
      'alopecia',
      'crown',
      'consultation',
      'touch-up',
      'aftercare',
      'photograph',
    ]) {
      expect(text, topic).toContain(topic);
    }
  });

  it('has checks of at least five questions, single and multiple choice, with a pass mark', () => {
    for (const c of courses[0]!.checks) {
      expect(c.questions.length).toBeGreaterThanOrEqual(5);
      expect(c.passMark).toBe(0.8);
      expect(new Set(c.questions.map((q) => q.kind))).toEqual(new Set(['single', 'multiple']));
    }
  });

  it('never exposes answers or explanations in what the browser receives', () => {
    for (const c of courses[0]!.checks) {
      const json = JSON.stringify(publicCheck(c));
      expect(json).not.toContain('"answer"');
      expect(json).not.toContain('"explanation"');
      for (const q of c.questions) expect(json).not.toContain(q.explanation);
    }
  });
});
