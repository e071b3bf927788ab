/**
 * Rules for practice attempts, free of the database: validating a canvas sent by the
 * browser against its template, and who may see an attempt.
 */
import { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import { fail, ok, type Result } from '../errors.ts';
import { describeDotsError, storedDotsSchema, type StoredDot } from './dots.ts';
import type { Template } from './template.ts';

/** Largest request body a canvas save may have (20,000 impressions fit in about 1 MB). */
export const MAX_CANVAS_BODY_BYTES = 1_500_000;

/** The body of a canvas save or submit: `{ dots: [[x, y, t, d], …] }`. */
export const canvasPayloadSchema = z.object(
  { dots: storedDotsSchema },
  { error: 'Send an object with a "dots" list.' },
);

/** The validated dots, or an `invalid` error naming the first problem. */
export type CanvasCheck = Result<StoredDot[]>;

/** Validates a canvas against its template: shape, numbers, on the canvas, in placement order. */
export function checkCanvas(template: Template, body: unknown): CanvasCheck {
  const parsed = canvasPayloadSchema.safeParse(body);
  if (!parsed.success) return fail('invalid', describeDotsError(parsed.error));
  const dots = parsed.data.dots as StoredDot[];
  for (let i = 0; i < dots.length; i++) {
    const [x, y, t] = dots[i]!;
    if (x < 0 || y < 0 || x > template.width || y > template.height) {
      return fail('invalid', `dots[${i}] lies off the ${template.width}×${template.height} mm canvas.`);
    }
    if (i > 0 && t < dots[i - 1]![2])
      return fail('invalid', `dots[${i}] has an earlier time than the impression before it.`);
  }
  return ok(dots);
}

/** Splits stored dots into the columns the scorer reads. */
export function dotColumns(dots: readonly StoredDot[]) {
  const n = dots.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const diameters = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = dots[i]!;
    xs[i] = d[0];
    ys[i] = d[1];
    diameters[i] = d[3];
  }
  return { xs, ys, diameters };
}

/** Who made an attempt, and in which academy. */
export interface AttemptOwner {
  userId: number;
  academyId: number;
}

/** Who is looking at an attempt. */
export interface Viewer {
  userId: number;
  /** The viewer's role in the attempt's academy, if any. */
  roleInAcademy: Role | null;
}

/**
 * The trainee who made an attempt may see it; so may instructors and admins of its
 * academy. Nobody else — not another trainee, not staff of another academy.
 */
export function attemptAccess(viewer: Viewer, attempt: AttemptOwner): 'owner' | 'staff' | 'none' {
  if (viewer.userId === attempt.userId) return 'owner';
  if (viewer.roleInAcademy === 'instructor' || viewer.roleInAcademy === 'admin') return 'staff';
  return 'none';
}
