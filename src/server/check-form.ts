/**
 * Turns a posted knowledge-check form into answers: fields `q.<questionId>`, one value per
 * chosen option, and `attempt`, the number of the attempt the form was drawn for (optional).
 */
import { fail, ok, type Result } from '../lib/errors.ts';
import type { Answers } from '../lib/learning/check-scoring.ts';

/** The answers of a posted check form and the attempt it was made for, or an `invalid` error. */
export type FormAnswers = Result<{ answers: Answers; attempt?: number }>;

const MAX_FIELDS = 200;

/** Reads the posted answers (`q.<questionId>` fields), refusing oversized or malformed forms. */
export async function readCheckForm(request: Request): Promise<FormAnswers> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail('invalid', 'The answers could not be read. Please submit the form again.');
  }
  // A Map, not an object literal: a field named `q.__proto__` or `q.constructor` is just an unknown question.
  const chosen = new Map<string, string[]>();
  let fields = 0;
  let attempt: number | undefined;
  for (const [key, value] of form.entries()) {
    if (++fields > MAX_FIELDS) return fail('invalid', 'Too many answers were sent.');
    if (key === 'attempt') {
      const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) return fail('invalid', 'The form was damaged: reload the check and answer again.');
      attempt = n;
      continue;
    }
    if (!key.startsWith('q.')) continue;
    if (typeof value !== 'string' || value.length > 100) return fail('invalid', 'An answer was not a valid option.');
    const id = key.slice(2);
    chosen.set(id, [...(chosen.get(id) ?? []), value]);
  }
  return ok({ answers: Object.fromEntries(chosen) as Answers, ...(attempt === undefined ? {} : { attempt }) });
}
