import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError, fail, invalidFromZod, ok, zodFieldErrors } from '../../../src/lib/errors.ts';
import { scoreLevel, reachesPassMark } from '../../../src/lib/drill/score-level.ts';
import { SCORING } from '../../../src/lib/drill/scoring-config.ts';

const schema = z.object({
  name: z.string().min(3, 'Name the program.'),
  dots: z.array(z.object({ x: z.number({ error: 'x must be a number' }) })),
});
const error = (value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error;
};

describe('one result shape', () => {
  it('wraps values and failures', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('conflict', 'Taken.', { field: 'email' })).toEqual({
      ok: false,
      error: { kind: 'conflict', message: 'Taken.', field: 'email' },
    });
  });
});

describe('describeZodError: one way from a zod error to a sentence', () => {
  it('gives the first message as it is for forms', () => {
    expect(describeZodError(error({ name: 'x', dots: [] }))).toBe('Name the program.');
  });

  it('names the path for data (dots[0].x: …)', () => {
    expect(describeZodError(error({ name: 'xyz', dots: [{ x: '1' }] }), 'path')).toBe('dots[0].x: x must be a number');
  });

  it('lets the caller name the place', () => {
    expect(describeZodError(error({ name: 'x', dots: [] }), (p) => `“${String(p[0])}”: `)).toBe(
      '“name”: Name the program.',
    );
  });

  it('keys messages by field for forms and makes an invalid error on the first field', () => {
    const e = error({ name: 'x', dots: [{ x: 'a' }] });
    expect(zodFieldErrors(e)).toEqual({ name: 'Name the program.', dots: 'x must be a number' });
    expect(invalidFromZod(e)).toEqual({
      ok: false,
      error: { kind: 'invalid', message: 'Name the program.', field: 'name' },
    });
  });
});

describe('score levels come from the scoring config', () => {
  it('is ok at the total pass mark, warn at the per-part minimum, bad below', () => {
    expect(scoreLevel(SCORING.pass.total)).toBe('ok');
    expect(scoreLevel(SCORING.pass.total - 1)).toBe('warn');
    expect(scoreLevel(SCORING.pass.eachCore)).toBe('warn');
    expect(scoreLevel(SCORING.pass.eachCore - 1)).toBe('bad');
    expect(reachesPassMark(SCORING.pass.total)).toBe(true);
    expect(reachesPassMark(SCORING.pass.total - 1)).toBe(false);
  });
});
