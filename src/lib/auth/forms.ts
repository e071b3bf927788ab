/** Validation of the sign-up, sign-in and password forms, with messages meant for people. */
import { z } from 'zod';
import { zodFieldErrors } from '../errors.ts';
import { normalizeEmail } from './email.ts';
import { nameProblem } from '../academy/rules.ts';
import { PASSWORD_MAX_LENGTH } from './password.ts';
import { NEW_PASSWORD_MIN_LENGTH, passwordWeakness } from './password-strength.ts';

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'))
  .transform(normalizeEmail);

const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(NEW_PASSWORD_MIN_LENGTH, `Use at least ${NEW_PASSWORD_MIN_LENGTH} characters for your password.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`);

/** A person's name (required): see `nameProblem`. */
export const displayNameField = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .superRefine((v, ctx) => {
    const problem = nameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Adds zxcvbn's verdict on `password` (given the person's own words) to a form's issues. */
function strengthIssue(
  value: { password: string; email?: string; displayName?: string },
  ctx: z.RefinementCtx,
  path = 'password',
) {
  const own = [value.email, value.displayName].filter((x): x is string => !!x);
  const problem = passwordWeakness(value.password, own);
  if (problem) ctx.addIssue({ code: 'custom', path: [path], message: problem });
}

/** The email-and-name check of sign-up: the name must not be the email's local part. */
function nameIssue(value: { email: string; displayName: string }, ctx: z.RefinementCtx) {
  const problem = nameProblem(value.displayName, value.email);
  if (problem) ctx.addIssue({ code: 'custom', path: ['displayName'], message: problem });
}

/**
 * The sign-up form: display name (required, not the email), email (normalised), a strong new password that is not
 * the email, optional academy code (upper-cased).
 */
export const signupSchema = z
  .object({
    displayName: displayNameField,
    email,
    password: newPassword,
    academyCode: z
      .string()
      .trim()
      .max(40, 'That academy code is too long.')
      .optional()
      .transform((v) => (v ? v.toUpperCase() : undefined)),
  })
  .refine((v) => v.password.toLowerCase() !== v.email, {
    path: ['password'],
    message: 'Your password must not be your email address.',
  })
  .superRefine((v, ctx) => {
    nameIssue(v, ctx);
    if (v.password.toLowerCase() !== v.email) strengthIssue(v, ctx);
  });

/** Accepting an invitation as a new person: a name and a strong password (the invitation proves the email). */
export function acceptInviteSchema(email: string) {
  return z.object({ displayName: displayNameField, password: newPassword }).superRefine((v, ctx) => {
    nameIssue({ ...v, email }, ctx);
    strengthIssue({ ...v, email }, ctx);
  });
}

/** A name for certificates: like a display name, or empty to use the display name. */
const certificateNameField = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .superRefine((v, ctx) => {
    const problem = v === null ? null : nameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The profile form of `/account`: display name, name on certificates (optional), notification mails (checkbox). */
export const profileSchema = z.object({
  displayName: displayNameField,
  certificateName: certificateNameField,
  notificationMails: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1'),
});

/** An admin's correction of a member's name on certificates (required here). */
export const certificateNameSchema = z.object({
  certificateName: displayNameField,
});

/** The forgot-password form: an email address (normalised). */
export const forgotPasswordSchema = z.object({ email });

/** The reset-password form: a strong new password (`email` of the account, to refuse it as a password). */
export function resetPasswordSchema(email: string) {
  return z.object({ password: newPassword }).superRefine((v, ctx) => strengthIssue({ ...v, email }, ctx));
}

/** The sign-in form: email (normalised) and password. */
export const loginSchema = z.object({
  email,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX_LENGTH, 'That password is too long.'),
});

/** The change-password form: current password, and the new one typed twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password.' })
      .min(1, 'Enter your current password.')
      .max(PASSWORD_MAX_LENGTH),
    newPassword,
    confirmPassword: z.string({ error: 'Repeat your new password.' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords do not match.',
  })
  .superRefine((v, ctx) => strengthIssue({ password: v.newPassword }, ctx, 'newPassword'));

export type { FieldErrors } from '../errors.ts';

/** The first message for each field, keyed by field name (`form` for whole-form errors): `zodFieldErrors`. */
export const fieldErrors = zodFieldErrors;

/** A FormData's string fields as a plain object (files are ignored). */
export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
  return out;
}
