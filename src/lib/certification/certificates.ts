/**
 * Certificate rules: status (valid, expired, revoked), the period a new certificate
 * covers, refusing a second certificate for the same program and period, renewal windows,
 * and unguessable public codes.
 */
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { fail, ok, type Result } from '../errors.ts';

/** The dates of a certificate that decide its status. */
export interface CertificateLike {
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
}

/** Where a certificate stands at a given moment; `not-yet-valid` is a renewal that starts later. */
export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'not-yet-valid';

/**
 * The status of a certificate at `now`: revoked wins, then not yet valid, expired (at `validUntil` itself), else
 * valid.
 */
export function certificateStatus(c: CertificateLike, now: Date): CertificateStatus {
  if (c.revokedAt) return 'revoked';
  if (now < c.validFrom) return 'not-yet-valid';
  if (now >= c.validUntil) return 'expired';
  return 'valid';
}

/** `d` plus whole calendar months in UTC (JavaScript's rollover: 31 January + 1 month is 3 March in a common year). */
export function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

/** Renewal opens this many days before a certificate expires. */
export const RENEWAL_WINDOW_DAYS = 90;

/** The period a new certificate would cover: a first one, or a renewal replacing certificate `replaces`. */
export interface IssuePeriod {
  kind: 'first' | 'renewal';
  validFrom: Date;
  validUntil: Date;
  replaces: number | null;
}

/** The period a new certificate would cover, or why one cannot be issued (`conflict`: it would overlap a live one). */
export type IssueDecision = Result<IssuePeriod>;

/**
 * The period of a new certificate of a program for a trainee, given their earlier ones
 * (revoked ones do not count). A first certificate starts now. A renewal continues from
 * the end of the latest one — open from RENEWAL_WINDOW_DAYS before it expires — or starts
 * now if it has lapsed. Anything that would overlap a live certificate is refused.
 */
export function decideIssue(
  existing: Array<CertificateLike & { id: number }>,
  validityMonths: number,
  now: Date,
): IssueDecision {
  const live = existing.filter((c) => !c.revokedAt).sort((a, b) => b.validUntil.getTime() - a.validUntil.getTime());
  const latest = live[0];
  if (!latest) return ok({ kind: 'first', validFrom: now, validUntil: addMonths(now, validityMonths), replaces: null });
  const windowOpens = new Date(latest.validUntil.getTime() - RENEWAL_WINDOW_DAYS * 86_400_000);
  if (now < windowOpens) {
    return fail(
      'conflict',
      `A certificate for this program is already valid until ${latest.validUntil.toISOString().slice(0, 10)}. Renewal opens on ${windowOpens.toISOString().slice(0, 10)}.`,
    );
  }
  const validFrom = latest.validUntil > now ? latest.validUntil : now;
  return ok({ kind: 'renewal', validFrom, validUntil: addMonths(validFrom, validityMonths), replaces: latest.id });
}

/** 100 random bits as 20 base32 characters: not enumerable. */
export function newCertificateCode(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(13))).slice(0, 20);
}

/** A normalised public certificate code: 20 characters of upper-case base32. */
export const CODE_PATTERN = /^[A-Z2-7]{20}$/;

/** Accepts a code typed with spaces, dashes or lower case. */
export function normalizeCode(raw: string): string | null {
  const c = raw.toUpperCase().replace(/[\s-]/g, '');
  return CODE_PATTERN.test(c) ? c : null;
}

/** ABCD-EFGH-… for print. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * What a certificate shows on its public page, fixed at issue time: the requirements
 * checklist (label and how it was met) and the automatic score of each drill it counted.
 */
export interface CertificateSummary {
  items: Array<{ label: string; detail: string }>;
  scores: Array<{ template: string; total: number }>;
}
