/**
 * Validation of placed impressions from outside (browser, API, command line), with
 * messages a person understands. Coordinates are millimetres on the template's canvas.
 */
import { z } from 'zod';
import { describeZodError } from '../errors.ts';
import type { Template } from './template.ts';

/** Most impressions a canvas may hold. */
export const MAX_DOTS = 20_000;

const finite = (what: string) =>
  z.number({
    error: (i) =>
      i.input === undefined
        ? `${what} is missing`
        : typeof i.input === 'number'
          ? `${what} must be a finite number`
          : `${what} must be a number`,
  });

const sessionNumber = (what: string) =>
  finite(what).pipe(
    z
      .number()
      .int(`${what} must be a whole number`)
      .min(1, `${what} must be 1 or more`)
      .max(4, `${what} must be at most 4`),
  );

/**
 * `{ "dots": [{ "x": mm, "y": mm, "d"?: mm, "session"?: k }, …], "session"?: k }`, as the
 * score command reads it: `d` is the impression diameter, `session` the session that placed
 * it; the top-level `session` judges the canvas as the end of that session.
 */
export const dotsFileSchema = z.object({
  dots: z
    .array(
      z.object({
        x: finite('x'),
        y: finite('y'),
        d: finite('d')
          .pipe(
            z
              .number()
              .min(0.05, 'd must be at least 0.05 mm')
              .max(3, 'd must be at most 3 mm (no SMP needle is larger)'),
          )
          .optional(),
        session: sessionNumber('session').optional(),
      }),
      { error: '"dots" must be an array of {"x", "y"} objects' },
    )
    .max(MAX_DOTS, `at most ${MAX_DOTS.toLocaleString('en')} impressions are allowed`),
  session: sessionNumber('session').optional(),
});

/** A placed impression as stored: [x mm, y mm, t ms since the attempt started, diameter mm]. */
export type StoredDot = [number, number, number, number];

/** Stored impressions as `[x, y, t, d]` tuples, each number checked. */
export const storedDotsSchema = z
  .array(
    z.tuple([
      finite('x'),
      finite('y'),
      finite('time').pipe(z.number().min(0, 'time must not be negative')),
      finite('diameter').pipe(
        z
          .number()
          .min(0.05, 'diameter must be at least 0.05 mm')
          .max(3, 'diameter must be at most 3 mm (no SMP needle is larger)'),
      ),
    ]),
    {
      error: 'dots must be a list of [x, y, time, diameter] entries',
    },
  )
  .max(MAX_DOTS, `at most ${MAX_DOTS.toLocaleString('en')} impressions are allowed`);

/** The first problem of a zod error as one line: `dots[3].x must be a finite number`. */
export function describeDotsError(error: z.ZodError): string {
  return describeZodError(error, 'path');
}

/** The index of the first impression off the canvas, or -1. */
export function firstOffCanvas(template: Template, xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]! < 0 || ys[i]! < 0 || xs[i]! > template.width || ys[i]! > template.height) return i;
  }
  return -1;
}
