/**
 * The body of a delta autosave (`draft-delta.ts`), as the server reads and validates it. Apart
 * from the delta's making and applying, which the drill page loads, so the page does not load zod.
 */
import { z } from 'zod';
import { describeDotsError } from './dots.ts';
import type { DraftDelta } from './draft-delta.ts';
import { fail, ok, type Result } from '../errors.ts';

const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or more`);
const finite = z.number({ error: 'every value of an added impression must be a number' }).finite();

/** The body of a delta autosave, as the server reads it. */
export const draftDeltaSchema = z.object({
  revision: count('"revision"'),
  removed: z.array(count('a removed position'), { error: '"removed" must be a list of positions' }).max(20_000),
  added: z
    .array(z.tuple([count('an added position'), finite, finite, finite, finite, count('a session')]), {
      error: '"added" must be a list of [position, x, y, t, d, session]',
    })
    .max(20_000),
  session: z.number().int().min(1).optional(),
});

/** Validates a delta body, or says what is wrong with it. */
export function parseDelta(body: unknown): Result<DraftDelta> {
  const parsed = draftDeltaSchema.safeParse(body);
  if (!parsed.success) return fail('invalid', `The changes were not saved: ${describeDotsError(parsed.error)}`);
  return ok(parsed.data as DraftDelta);
}
