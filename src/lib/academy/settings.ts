/**
 * An academy's settings as its admins edit them: name, public contact, the certificate's signatory, and images
 * (logo, signature) whose type is judged by their bytes, never by the file name or the browser's claim.
 */
import { z } from 'zod';
import { nameProblem } from './rules.ts';

/** The largest logo or signature image accepted. */
export const MAX_IMAGE_BYTES = 512 * 1024;

/** The image types accepted, by what their first bytes say. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The type of an image from its signature bytes (PNG, JPEG, WebP), or null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (bytes.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (bytes.length >= 3 && starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

/** Why an uploaded image is refused, or null. */
export function imageProblem(bytes: Uint8Array, what: string): string | null {
  if (bytes.length > MAX_IMAGE_BYTES) return `The ${what} is too large: at most ${MAX_IMAGE_BYTES / 1024} KB.`;
  if (!sniffImageType(bytes)) return `The ${what} must be a PNG, JPEG or WebP image.`;
  return null;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null);

/** The text fields of the settings form. */
export const settingsSchema = z.object({
  name: z
    .string({ error: 'Name your academy.' })
    .trim()
    .min(2, 'Name your academy (at least 2 characters).')
    .max(100, 'Keep the name under 100 characters.'),
  contactEmail: z
    .string()
    .trim()
    .max(254, 'That address is too long.')
    .optional()
    .transform((v) => v || null)
    .pipe(z.email('Enter a valid contact address, like office@example.com.').nullable()),
  signatoryName: optionalText(80, 'Keep the signatory’s name under 80 characters.').superRefine((v, ctx) => {
    const problem = v === null ? null : nameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  signatoryTitle: optionalText(80, 'Keep the title under 80 characters.'),
});
