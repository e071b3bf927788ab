/**
 * Validation of an instructor's review: a level for every rubric criterion, a verdict, a
 * comment (required for a redo), and annotations that lie on the canvas and refer to
 * real criteria. Messages are for the instructor, who sent the form.
 */
import { z } from 'zod';
import { describeZodError, fail, ok, type Result } from '../errors.ts';
import type { Template } from '../drill/template.ts';
import { LEVELS, type Rubric } from './rubric.ts';

/** Longest overall review comment, in characters. */
export const MAX_COMMENT = 4000;
/** Longest annotation comment, in characters. */
export const MAX_ANNOTATION_TEXT = 1000;
/** Most annotations on one review. */
export const MAX_ANNOTATIONS = 100;

/** A pin or circle on the canvas (mm), with a comment and optionally the criterion it is about. */
export const annotationSchema = z.object({
  kind: z.enum(['pin', 'circle'], { error: 'An annotation is a pin or a circle.' }),
  x: z.number({ error: 'Annotation x must be a number.' }),
  y: z.number({ error: 'Annotation y must be a number.' }),
  radius: z
    .number({ error: 'Annotation radius must be a number.' })
    .min(0, 'A circle needs a positive radius.')
    .default(0),
  criterion: z.string().max(40).nullable().default(null),
  text: z
    .string({ error: 'Every annotation needs a comment.' })
    .trim()
    .min(1, 'Every annotation needs a comment.')
    .max(MAX_ANNOTATION_TEXT, `Annotation comments are limited to ${MAX_ANNOTATION_TEXT} characters.`),
});

/** The shape of a submitted review, before it is checked against the rubric and the template. */
export const reviewPayloadSchema = z.object({
  verdict: z.enum(['pass', 'redo'], { error: 'Choose a verdict: pass or redo.' }),
  comment: z.string().trim().max(MAX_COMMENT, `The comment is limited to ${MAX_COMMENT} characters.`).default(''),
  levels: z.record(
    z.string(),
    z
      .number({ error: 'Rubric levels must be numbers.' })
      .int()
      .min(1, `Levels run from 1 to ${LEVELS}.`)
      .max(LEVELS, `Levels run from 1 to ${LEVELS}.`),
  ),
  annotations: z
    .array(annotationSchema)
    .max(MAX_ANNOTATIONS, `At most ${MAX_ANNOTATIONS} annotations per review.`)
    .default([]),
  /** The review this one corrects (only for graded submissions). */
  supersedes: z.number().int().positive().optional(),
});

/** A review that has passed `checkReview`. */
export type ReviewPayload = z.output<typeof reviewPayloadSchema>;
/** A validated annotation. */
export type Annotation = z.output<typeof annotationSchema>;

/** The checked review (pins get radius 0), or an `invalid` error saying what to fix. */
export type ReviewCheck = Result<ReviewPayload>;

/**
 * Validates a submitted review against the rubric (a level for every criterion and no other) and the template
 * (annotations on the canvas); a redo needs a comment, and pins get radius 0.
 */
export function checkReview(body: unknown, rubric: Rubric, template: Template): ReviewCheck {
  const parsed = reviewPayloadSchema.safeParse(body);
  if (!parsed.success) return fail('invalid', describeZodError(parsed.error));
  const review = parsed.data;
  const ids = new Set(rubric.map((c) => c.id));
  for (const id of Object.keys(review.levels))
    if (!ids.has(id)) return fail('invalid', `“${id}” is not a criterion of this rubric.`);
  const missing = rubric.find((c) => review.levels[c.id] === undefined);
  if (missing) return fail('invalid', `Choose a level for “${missing.label}”.`);
  if (review.verdict === 'redo' && !review.comment)
    return fail('invalid', 'Explain what to change: a comment is required for a redo.');
  const maxRadius = Math.max(template.width, template.height);
  for (const [i, a] of review.annotations.entries()) {
    if (a.x < 0 || a.y < 0 || a.x > template.width || a.y > template.height) {
      return fail('invalid', `Annotation ${i + 1} lies outside the ${template.width}×${template.height} mm canvas.`);
    }
    if (a.kind === 'circle' && (a.radius <= 0 || a.radius > maxRadius))
      return fail('invalid', `Annotation ${i + 1}: a circle needs a radius between 0 and ${maxRadius} mm.`);
    if (a.criterion !== null && !ids.has(a.criterion))
      return fail(
        'invalid',
        `Annotation ${i + 1} refers to “${a.criterion}”, which is not a criterion of this rubric.`,
      );
  }
  return ok({ ...review, annotations: review.annotations.map((a) => (a.kind === 'pin' ? { ...a, radius: 0 } : a)) });
}

/** Criterion id → level (1–4) of a review, as stored beside the rubric it was graded with. */
export type ReviewLevels = ReviewPayload['levels'];

/** What the "current review" rule looks at: a review's id and the review it corrects. */
export interface ReviewLink {
  id: number;
  /** The review this one corrects; null for a first grade. */
  supersedes: number | null;
}

/**
 * The ids of the reviews a later correction replaced. Reviews are never edited: a
 * correction is a new review naming the one it `supersedes`.
 */
export function supersededIds(reviews: readonly ReviewLink[]): Set<number> {
  return new Set(reviews.map((r) => r.supersedes).filter((s): s is number => s !== null));
}

/**
 * The current review of an attempt: the one no other review supersedes, or null before
 * the first grade. (`src/server/grading.ts` states the same rule in SQL as `isCurrentReview`.)
 */
export function currentReviewOf<T extends ReviewLink>(reviews: readonly T[]): T | null {
  const superseded = supersededIds(reviews);
  return reviews.find((r) => !superseded.has(r.id)) ?? null;
}
