/**
 * Schemas of the course content, shared by the content collections (src/content.config.ts),
 * the pre-build consistency check (src/cli/check-content.ts) and the tests.
 */
import { z } from 'zod';

/** Ids in the course content: lower-case words joined by hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().regex(SLUG, 'use lower-case words joined by hyphens');

/** `course.json`: the course's title, summary and modules. */
export const courseSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  modules: z.array(z.object({ id: slug, title: z.string().min(1), summary: z.string().min(1) })).min(1),
});

/** The frontmatter of a lesson's MDX file. */
export const lessonSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  module: slug,
  /** Position within the module, from 1. */
  order: z.number().int().positive(),
  minutes: z.number().int().positive().max(120),
  objectives: z.array(z.string().min(1)).min(1),
  /** Lesson ids that must be completed first. */
  prerequisites: z.array(slug).default([]),
});

const option = z.object({ id: slug, text: z.string().min(1) });

/** One knowledge-check question: unique option ids, answers among them, exactly one for single choice. */
export const questionSchema = z
  .object({
    id: slug,
    prompt: z.string().min(1),
    kind: z.enum(['single', 'multiple']),
    options: z.array(option).min(2),
    /** Ids of the correct options. Server-side only: never rendered. */
    answer: z.array(slug).min(1),
    explanation: z.string().min(1),
    /** Where the question is taught: a lesson id, and optionally a heading's anchor in it. */
    lesson: slug.optional(),
    section: z
      .string()
      .regex(/^[a-z0-9]+(?:-+[a-z0-9]+)*$/, 'use a heading anchor as the lesson page shows it')
      .optional(),
  })
  .superRefine((q, ctx) => {
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length)
      ctx.addIssue({ code: 'custom', message: `question ${q.id}: option ids must be unique` });
    for (const a of q.answer)
      if (!ids.has(a)) ctx.addIssue({ code: 'custom', message: `question ${q.id}: answer "${a}" is not an option` });
    if (q.kind === 'single' && q.answer.length !== 1)
      ctx.addIssue({ code: 'custom', message: `question ${q.id}: a single-choice question has exactly one answer` });
  });

/** A module's knowledge check: at least five questions with unique ids and a pass mark between 0.5 and 1. */
export const checkSchema = z
  .object({
    title: z.string().min(1),
    module: slug,
    /** Share of questions to answer correctly, 0–1. */
    passMark: z.number().min(0.5).max(1).default(0.8),
    /** The attempt policy: failed attempts before a rest, the wait between attempts and the rest. */
    attempts: z
      .object({
        max: z.number().int().min(1).max(20).default(3),
        retryMinutes: z
          .number()
          .min(0)
          .max(24 * 60)
          .default(2),
        lockoutHours: z
          .number()
          .min(0)
          .max(24 * 14)
          .default(24),
      })
      .prefault({}),
    /**
     * How many questions one attempt asks, drawn per attempt from `questions` (the module's bank).
     * Without it an attempt asks every question; the content check wants a bank twice this size.
     */
    ask: z.number().int().min(5, 'an attempt asks at least five questions').optional(),
    questions: z.array(questionSchema).min(5, 'a knowledge check needs at least five questions'),
  })
  .superRefine((c, ctx) => {
    if (c.ask !== undefined && c.ask > c.questions.length)
      ctx.addIssue({ code: 'custom', message: `ask (${c.ask}) is more than the ${c.questions.length} questions` });
    const ids = new Set(c.questions.map((q) => q.id));
    if (ids.size !== c.questions.length)
      ctx.addIssue({ code: 'custom', message: 'question ids must be unique within a check' });
  });

/** A validated course.json. */
export type Course = z.output<typeof courseSchema>;
/** A lesson's validated frontmatter and its id (the file name). */
export type LessonMeta = z.output<typeof lessonSchema> & { id: string };
/** A validated question, answers included: server-side only. */
export type Question = z.output<typeof questionSchema>;
/** A validated knowledge check and its id, answers included: server-side only. */
export type Check = z.output<typeof checkSchema> & { id: string };
