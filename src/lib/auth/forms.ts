/** Validation of the sign-up, sign-in and password forms, with messages meant for people. */
import { z } from 'zod';
import { zodFieldErrors } from '../errors.ts';
import { normalizeEmail } from './email.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'))
  .transform(normalizeEmail);

const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`);

/**
 * The sign-up form: optional display name, email (normalised), a new password that is not the email, optional
 * academy code (upper-cased).
 */
export const signupSchema = z
  .object({
    displayName: z
      .string()
      .trim()
      .max(80, 'Keep your name under 80 characters.')
      .optional()
      .transform((v) => (v ? v : undefined)),
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
  });

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
  });

export type { FieldErrors } from '../errors.ts';

/** The first message for each field, keyed by field name (`form` for whole-form errors): `zodFieldErrors`. */
export const fieldErrors = zodFieldErrors;

/** A FormData's string fields as a plain object (files are ignored). */
export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
  return out;
}
