/** The staff form that resets a trainee's knowledge check (`/instructor/trainees/<id>`). */
import { z } from 'zod';
import { SLUG } from './schema.ts';

/** Fields `action` = `reset-check`, `check` (the module id) and `reason` (3–500 characters). */
export const resetCheckFormSchema = z.object({
  action: z.literal('reset-check'),
  check: z.string({ error: 'Choose the check to reset.' }).regex(SLUG, 'Choose one of the course’s checks.'),
  reason: z
    .string({ error: 'Say why you reset the check.' })
    .trim()
    .min(3, 'Say why you reset the check (at least 3 characters).')
    .max(500, 'Keep the reason under 500 characters.'),
});

/** A validated reset form. */
export type ResetCheckForm = z.output<typeof resetCheckFormSchema>;
