/** Turns a posted knowledge-check form into answers: fields `q.<questionId>`, one value per chosen option. */
import type { Answers } from '../lib/learning/check-scoring.ts';

export type FormAnswers = { ok: true; answers: Answers } | { ok: false; message: string };

const MAX_FIELDS = 200;

export async function readCheckForm(request: Request): Promise<FormAnswers> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { ok: false, message: 'The answers could not be read. Please submit the form again.' };
  }
  const answers: Answers = {};
  let fields = 0;
  for (const [key, value] of form.entries()) {
    if (++fields > MAX_FIELDS) return { ok: false, message: 'Too many answers were sent.' };
    if (!key.startsWith('q.')) continue;
    if (typeof value !== 'string' || value.length > 100)
      return { ok: false, message: 'An answer was not a valid option.' };
    (answers[key.slice(2)] ??= []).push(value);
  }
  return { ok: true, answers };
}
