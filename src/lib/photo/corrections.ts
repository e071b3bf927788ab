/**
 * A photographed sheet's impressions after the trainee's check: the detected ones, less
 * those the trainee removed as misdetections, plus those they added. Corrections are kept
 * beside the detection so the instructor sees both.
 */
import { z } from 'zod';
import type { StoredDot } from '../drill/dots.ts';
import type { Template } from '../drill/template.ts';

/** A detected impression as stored: [x mm, y mm, diameter mm, confidence 0…1]. */
export type DetectedDot = [number, number, number, number];

/** The trainee's corrections: indexes of detected impressions removed, impressions added (mm). */
export interface Corrections {
  removed: number[];
  added: [number, number][];
}

/** Validates corrections against a detection of `detected` impressions on the template's canvas. */
export function correctionsSchema(template: Template, detected: number) {
  const coordinate = (max: number, what: string) =>
    z
      .number(`${what} must be a number`)
      .min(0, `${what} must be on the canvas`)
      .max(max, `${what} must be on the canvas`);
  return z.object({
    removed: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(Math.max(0, detected - 1), 'removed names an impression that was not detected'),
      )
      .max(detected)
      .default([])
      .transform((r) => [...new Set(r)].sort((a, b) => a - b)),
    added: z
      .array(z.tuple([coordinate(template.width, 'x'), coordinate(template.height, 'y')]))
      .max(5000, 'at most 5,000 impressions may be added')
      .default([]),
  });
}

/** The impressions to score: detected minus removed, plus added (the template's diameter), as stored dots. */
export function correctedDots(template: Template, detected: readonly DetectedDot[], c: Corrections): StoredDot[] {
  const removed = new Set(c.removed);
  const clampD = (d: number) => Math.min(3, Math.max(0.05, Math.round(d * 1000) / 1000));
  const kept: StoredDot[] = detected.filter((_, i) => !removed.has(i)).map(([x, y, d]) => [x, y, 0, clampD(d)]);
  return [...kept, ...c.added.map(([x, y]): StoredDot => [x, y, 0, template.impressionDiameterMm])];
}
