/**
 * The one place where failures become HTTP: a `DomainError` (src/lib/errors.ts) gets its
 * status here, JSON endpoints answer `{ "error": message }`, forms get the message beside
 * its field and a status for the re-rendered page, and form posts handled by another page
 * redirect back with a notice. Also reads posted forms and size-limited JSON bodies.
 */
import { formToObject } from '../lib/auth/forms.ts';
import type { z } from 'zod';
import { fail, zodFieldErrors, type DomainError, type ErrorKind, type FieldErrors } from '../lib/errors.ts';

/** The HTTP status of each kind of domain error. */
export const STATUS_OF: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  not_allowed: 405,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** The posted form fields, or null when the body is not a readable form. */
export async function readForm(request: Request): Promise<Record<string, string> | null> {
  try {
    return formToObject(await request.formData());
  } catch {
    return null;
  }
}

/**
 * A posted form read and validated: the parsed data, or each field's first message (`form` when
 * the body could not be read). `values` are the posted fields (empty when unreadable), so that
 * the re-rendered form keeps the input.
 */
export type ValidatedForm<T> = { values: Record<string, string> } & (
  { ok: true; data: T } | { ok: false; errors: FieldErrors }
);

/** Reads a posted form and validates it with `schema` (see `ValidatedForm`). */
export async function readValidatedForm<T>(request: Request, schema: z.ZodType<T>): Promise<ValidatedForm<T>> {
  const form = await readForm(request);
  if (!form) return { ok: false, values: {}, errors: { form: 'The form could not be read. Please try again.' } };
  const parsed = schema.safeParse(form);
  return parsed.success
    ? { ok: true, values: form, data: parsed.data }
    : { ok: false, values: form, errors: zodFieldErrors(parsed.error) };
}

/** Headers that go with an error: `Retry-After` (whole seconds) for rate limits. */
function errorHeaders(error: DomainError): Record<string, string> {
  return error.retryAfterMs !== undefined ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
}

/**
 * A JSON endpoint's answer to a failure: `{ "error": message }` with the kind's status
 * (extra headers such as `Allow` may be added).
 */
export function errorResponse(error: DomainError, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: error.message },
    { status: STATUS_OF[error.kind], headers: { ...errorHeaders(error), ...headers } },
  );
}

/** Shorthand for `errorResponse` of a new error of this kind. */
export function apiError(kind: ErrorKind, message: string, headers: Record<string, string> = {}): Response {
  return errorResponse(fail(kind, message).error, headers);
}

/** What a page needs to answer a failed form: the response status and headers it may set. */
export interface ResponseLike {
  response: { status?: number; headers: Headers };
}

/**
 * For a form that re-renders itself: sets the page's status (and `Retry-After`) from the
 * error and returns the message keyed by its field (`form` when it has none), for the
 * template to show beside that field while it keeps the posted values.
 */
export function formError(page: ResponseLike, error: DomainError): FieldErrors {
  page.response.status = STATUS_OF[error.kind];
  for (const [name, value] of Object.entries(errorHeaders(error))) page.response.headers.set(name, value);
  return { [error.field ?? 'form']: error.message };
}

/** For a page that shows one notice above its form: like `formError`, but returns just the message. */
export function formNotice(page: ResponseLike, error: DomainError): string {
  formError(page, error);
  return error.message;
}

/**
 * For a form posted to an endpoint that answers by going back to a page: a 303 to `path`
 * with the message as `?message=`, which that page shows as a notice.
 */
export function redirectWithNotice(path: string, message: string): Response {
  const url = `${path}${path.includes('?') ? '&' : '?'}message=${encodeURIComponent(message)}`;
  return new Response(null, { status: 303, headers: { location: url } });
}

/** Reads a JSON request body of at most `maxChars` characters, or the error to answer with. */
export async function readJsonBody(
  request: Request,
  maxChars: number,
  tooLarge: string,
): Promise<{ ok: true; value: unknown } | { ok: false; error: DomainError }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxChars) return fail('too_large', tooLarge);
  let text: string;
  try {
    text = await request.text();
  } catch {
    // The adapter stops a streamed body past its size limit; anything else is a broken upload.
    return fail('too_large', tooLarge);
  }
  if (text.length > maxChars) return fail('too_large', tooLarge);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return fail('invalid', 'The request body is not valid JSON.');
  }
}
