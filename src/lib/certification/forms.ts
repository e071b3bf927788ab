/** Validation of the admin's certification forms, with messages for people. */
import { z } from 'zod';
import { COMPLIANCE_KINDS, requirementsSchema, renewalSchema, type ComplianceKind } from './requirements.ts';

const date = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Enter the ${what} as a date.`, abort: true })
    // Strict: a day that does not exist (2026-02-31) is refused, not rolled into March.
    .refine(
      (s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
      },
      { error: `The ${what} is not a real date.`, abort: true },
    )
    .refine((s) => s >= '1900-01-01' && s <= '2999-12-31', {
      error: `The ${what} must be between the years 1900 and 2999.`,
      abort: true,
    })
    .transform((s) => new Date(`${s}T00:00:00Z`));

/**
 * The form recording a compliance record: kind, completion date (not in the future), optional later expiry,
 * reference.
 */
export const complianceFormSchema = z
  .object({
    kind: z.enum(Object.keys(COMPLIANCE_KINDS) as [ComplianceKind, ...ComplianceKind[]], {
      error: 'Choose the kind of record.',
    }),
    completedOn: date('completion date'),
    expiresOn: z
      .preprocess((v) => (v === '' ? undefined : v), date('expiry date').optional())
      .transform((d) => d ?? null),
    reference: z.string().trim().max(200, 'Keep the reference under 200 characters.').default(''),
  })
  .refine((r) => !r.expiresOn || r.expiresOn > r.completedOn, {
    path: ['expiresOn'],
    message: 'The expiry date must be after the completion date.',
  })
  .refine((r) => r.completedOn.getTime() <= Date.now() + 86_400_000, {
    path: ['completedOn'],
    message: 'The completion date cannot be in the future.',
  });

/** The form revoking a certificate: its code and a reason of 3 to 500 characters. */
export const revokeFormSchema = z.object({
  code: z.string().regex(/^[A-Z2-7]{20}$/, 'Which certificate?'),
  reason: z
    .string({ error: 'Give a reason for revoking.' })
    .trim()
    .min(3, 'Give a reason for revoking.')
    .max(500, 'Keep the reason under 500 characters.'),
});

/** The form issuing a certificate: the program's id. */
export const issueFormSchema = z.object({ programId: z.coerce.number().int().positive('Which program?') });

/**
 * The program editor's hidden `programId`: empty or absent for a new program, else the
 * decimal id of the program being edited. Anything else ("abc", "1.5", "-3", "1e3") is an
 * error, never a reason to create a new program.
 */
export const programIdSchema = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    const id = /^[1-9]\d{0,14}$/.test(s) ? Number(s) : NaN;
    if (Number.isSafeInteger(id)) return id;
    ctx.addIssue({ code: 'custom', message: 'No such program in your academy.' });
    return z.NEVER;
  });

/** A drill requirement as the program form holds it. */
export interface DrillRow {
  templateId: string;
  count: number;
  minScore: number;
}

/**
 * The program editor's fields as posted (not yet validated): what the form shows again,
 * beside its messages, when a save is refused.
 */
export interface ProgramFormValues {
  name: string;
  description: string;
  hours: string;
  validityMonths: string;
  requirements: { allLessons: boolean; allChecks: boolean; drills: DrillRow[]; compliance: string[] };
  renewal: { drills: DrillRow[]; withinMonths: number; compliance: string[] };
}

/** The program editor's flat form fields, gathered into the program's shape (no validation). */
export function programFormValues(form: Record<string, string>): ProgramFormValues {
  const drills = (prefix: string) =>
    [0, 1, 2, 3]
      .filter((i) => form[`${prefix}.${i}.templateId`])
      .map((i) => ({
        templateId: form[`${prefix}.${i}.templateId`]!,
        count: Number(form[`${prefix}.${i}.count`] || 1),
        minScore: Number(form[`${prefix}.${i}.minScore`] || 0),
      }));
  const kinds = (prefix: string) => Object.keys(COMPLIANCE_KINDS).filter((k) => form[`${prefix}.${k}`] === 'on');
  return {
    name: form.name ?? '',
    description: form.description ?? '',
    hours: form.hours ?? '',
    validityMonths: form.validityMonths ?? '',
    requirements: {
      allLessons: form.allLessons === 'on',
      allChecks: form.allChecks === 'on',
      drills: drills('drill'),
      compliance: kinds('compliance'),
    },
    renewal: {
      drills: drills('renewDrill'),
      withinMonths: Number(form.renewWithinMonths || 12),
      compliance: kinds('renewCompliance'),
    },
  };
}

/** The program editor: flat form fields → a program (validated). */
export function programFromForm(form: Record<string, string>) {
  return z
    .object({
      name: z.string().trim().min(3, 'Name the program.').max(120, 'Keep the name under 120 characters.'),
      description: z
        .string()
        .trim()
        .min(10, 'Describe the program in a sentence or two.')
        .max(1000, 'Keep the description under 1000 characters.'),
      hours: z.coerce
        .number({ error: 'Enter the training hours.' })
        .int('Whole hours, please.')
        .min(1, 'At least one hour.')
        .max(2000, 'At most 2000 hours.'),
      validityMonths: z.coerce
        .number({ error: 'Enter how long certificates are valid.' })
        .int()
        .min(1, 'At least one month.')
        .max(120, 'At most 120 months.'),
      requirements: requirementsSchema,
      renewal: renewalSchema,
    })
    .safeParse(programFormValues(form));
}
