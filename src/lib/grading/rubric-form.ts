/**
 * The admin's rubric editor form → a rubric: fields `c.<i>.label`, `c.<i>.description`,
 * `c.<i>.level.<1-4>`, `c.<i>.enabled`, `c.<i>.id`, and an optional new criterion `new.*`.
 */
import { describeZodError, fail, ok, type Result } from '../errors.ts';
import { criterionIdFrom, LEVELS, rubricSchema, type Criterion, type Rubric } from './rubric.ts';

/** The edited rubric, or an `invalid` error naming the criterion at fault. */
export type RubricFormResult = Result<Rubric>;

/** The rubric editor as posted: every criterion row (on or off) and the "add a criterion" fields. */
export interface RubricFormRows {
  rows: Array<{ criterion: Criterion; enabled: boolean }>;
  added: { label: string; description: string; levels: string[] };
}

/** The editor's fields gathered into rows, not yet validated: what the form shows again after a refused save. */
export function rubricFormRows(form: Record<string, string>): RubricFormRows {
  const rows: RubricFormRows['rows'] = [];
  for (let i = 0; i < 50 && form[`c.${i}.id`] !== undefined; i++) {
    rows.push({
      enabled: form[`c.${i}.enabled`] === 'on',
      criterion: {
        id: form[`c.${i}.id`]!,
        label: form[`c.${i}.label`] ?? '',
        description: form[`c.${i}.description`] ?? '',
        levels: Array.from({ length: LEVELS }, (_, k) => form[`c.${i}.level.${k + 1}`] ?? ''),
      },
    });
  }
  const added = {
    label: form['new.label'] ?? '',
    description: form['new.description'] ?? '',
    levels: Array.from({ length: LEVELS }, (_, k) => form[`new.level.${k + 1}`] ?? ''),
  };
  return { rows, added };
}

/**
 * Reads the rubric editor's fields into a rubric: enabled criteria in order, plus the new criterion when it has a
 * label (its id made unique); validated.
 */
export function rubricFromForm(form: Record<string, string>): RubricFormResult {
  const { rows, added } = rubricFormRows(form);
  const rubric: Rubric = rows.filter((r) => r.enabled).map((r) => r.criterion);
  const newLabel = added.label.trim();
  if (newLabel) {
    let id = criterionIdFrom(newLabel);
    while (rubric.some((c) => c.id === id)) id = `${id}-2`;
    rubric.push({ id, label: newLabel, description: added.description, levels: added.levels });
  }
  const parsed = rubricSchema.safeParse(rubric);
  if (!parsed.success) {
    const where = (path: ReadonlyArray<PropertyKey>) => {
      const index = typeof path[0] === 'number' ? path[0] : null;
      return index !== null && rubric[index] ? `“${rubric[index]!.label || 'new criterion'}”: ` : '';
    };
    return fail('invalid', describeZodError(parsed.error, where));
  }
  return ok(parsed.data);
}
