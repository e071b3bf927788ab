/**
 * The one error vocabulary of the domain and the services: a failure is a `DomainError` with a
 * kind (what went wrong, never an HTTP status) and a message meant for a person. Functions
 * that can fail return a `Result`; `src/server/http.ts` turns a failure into a response.
 * Also the one way from a zod error to a sentence.
 */

/** What went wrong, in domain terms. The HTTP layer maps each kind to a status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'not_allowed'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

/** A failure the caller can show to a person. */
export interface DomainError {
  kind: ErrorKind;
  /** One or two sentences for a person. */
  message: string;
  /** The form field the message belongs beside, when there is one. */
  field?: string;
  /** For `rate_limited`: how long until trying again may succeed. */
  retryAfterMs?: number;
}

/** Success with a value, or a failure with a domain error: the one result shape. */
export type Result<T = undefined> = { ok: true; value: T } | { ok: false; error: DomainError };

/** A successful result. */
export function ok(): { ok: true; value: undefined };
export function ok<T>(value: T): { ok: true; value: T };
export function ok<T>(value?: T): { ok: true; value: T | undefined } {
  return { ok: true, value };
}

/** A failed result of this kind, message and optional field or retry hint. */
export function fail(
  kind: ErrorKind,
  message: string,
  extra: Pick<DomainError, 'field' | 'retryAfterMs'> = {},
): { ok: false; error: DomainError } {
  return { ok: false, error: { kind, message, ...extra } };
}

/** The parts of a zod issue this module reads (kept structural so any zod version fits). */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** A zod error, structurally. */
export interface ZodErrorLike {
  issues: ReadonlyArray<IssueLike>;
}

/** `dots[3].x` for the path `['dots', 3, 'x']`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/**
 * How `describeZodError` names where the problem is: `'none'` (forms: the message says it
 * all), `'path'` (data files and JSON bodies: `dots[3].x: …`), or a function of the path
 * returning a prefix such as `“Depth”: ` (empty for none).
 */
export type IssueWhere = 'none' | 'path' | ((path: ReadonlyArray<PropertyKey>) => string);

/** The one way from a zod error to a sentence a person understands: its first issue, optionally located. */
export function describeZodError(error: ZodErrorLike, where: IssueWhere = 'none'): string {
  const issue = error.issues[0];
  if (!issue) return 'The input is not valid.';
  if (where === 'none') return issue.message;
  if (where === 'path') {
    const path = formatIssuePath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  }
  return `${where(issue.path)}${issue.message}`;
}

/** Messages keyed by form field, first message per field (`form` for whole-form problems). */
export type FieldErrors = Record<string, string>;

/** Each field's first message from a zod error, for showing beside the fields of a form. */
export function zodFieldErrors(error: ZodErrorLike): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** A zod error as an `invalid` domain error (the first message, on its field when it has one). */
export function invalidFromZod(error: ZodErrorLike, where: IssueWhere = 'none'): { ok: false; error: DomainError } {
  const first = error.issues[0];
  const field = first && first.path.length ? String(first.path[0]) : undefined;
  return fail('invalid', describeZodError(error, where), field ? { field } : {});
}
