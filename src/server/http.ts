/** Small request helpers shared by pages and endpoints. */
import { formToObject } from '../lib/auth/forms.ts';

/** The posted form fields, or null when the body is not a readable form. */
export async function readForm(request: Request): Promise<Record<string, string> | null> {
  try {
    return formToObject(await request.formData());
  } catch {
    return null;
  }
}

/** A JSON error body with a message meant for a person. */
export function jsonError(status: number, error: string, details?: Record<string, string>): Response {
  return Response.json(details ? { error, details } : { error }, { status });
}
