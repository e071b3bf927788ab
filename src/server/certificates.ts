/**
 * Certificates on the database: a trainee's evidence and standing on a program, issuing
 * and renewing signed certificates, revoking them, and looking them up. Signing is async
 * (jose), so a certificate is built and signed first; then one transaction evaluates the
 * trainee's standing again (the overlap rule and every requirement) and writes it only if
 * nothing changed meanwhile.
 */
import { checkNotSelfCertify } from '../lib/academy/rules.ts';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { Queryable } from '../../db/client.ts';
import {
  academies,
  certificates,
  checkAttempts,
  complianceRecords,
  drillAttempts,
  lessonProgress,
  memberships,
  reviews,
  users,
} from '../../db/schema.ts';
import {
  decideIssue,
  newCertificateCode,
  type CertificateSummary,
  type IssueDecision,
} from '../lib/certification/certificates.ts';
import { buildCredential } from '../lib/certification/credential.ts';
import {
  evaluateRenewal,
  evaluateRequirements,
  type Checklist,
  type CourseShape,
  type Evidence,
} from '../lib/certification/requirements.ts';
import { asProofSet, signDataIntegrity } from '../lib/certification/data-integrity.ts';
import { didWebFor, isLoopbackHost } from '../lib/certification/did.ts';
import { signVcJwt } from '../lib/certification/vc-jwt.ts';
import { ensureAcademyKeys } from './academies.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { audit } from './audit.ts';
import { isCurrentReview } from './grading.ts';
import { freeStatusIndex, serverDocumentLoader } from './issuer.ts';
import { bound, preparedOnce } from './prepared.ts';
import type { Program } from './programs.ts';

/** Everything requirements look at, for one trainee in one academy. */
export function evidenceFor(db: Queryable, userId: number, academyId: number): Evidence {
  const lessonsDone = new Set(
    db
      .select({ id: lessonProgress.lessonId })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, userId), isNotNull(lessonProgress.completedAt)))
      .all()
      .map((r) => r.id),
  );
  const checksPassed = new Set(
    db
      .selectDistinct({ id: checkAttempts.checkId })
      .from(checkAttempts)
      .where(and(eq(checkAttempts.userId, userId), eq(checkAttempts.passed, true)))
      .all()
      .map((r) => r.id),
  );
  const passedDrills = db
    .select({
      attemptId: drillAttempts.id,
      templateId: drillAttempts.templateId,
      total: drillAttempts.total,
      submittedAt: drillAttempts.submittedAt,
      reviewedBy: users.displayName,
      reviewedAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(drillAttempts, eq(drillAttempts.id, reviews.attemptId))
    .innerJoin(users, eq(users.id, reviews.instructorId))
    .where(
      and(
        eq(drillAttempts.userId, userId),
        eq(drillAttempts.academyId, academyId),
        eq(reviews.verdict, 'pass'),
        isCurrentReview(),
      ),
    )
    .all()
    .map((r) => ({ ...r, total: r.total ?? 0, submittedAt: r.submittedAt! }));
  const compliance = db
    .select({
      kind: complianceRecords.kind,
      completedOn: complianceRecords.completedOn,
      expiresOn: complianceRecords.expiresOn,
    })
    .from(complianceRecords)
    .where(and(eq(complianceRecords.userId, userId), eq(complianceRecords.academyId, academyId)))
    .all();
  return { lessonsDone, checksPassed, passedDrills, compliance };
}

/** A certificate with its program's and academy's names, as pages and verification show it. */
export interface CertificateRow {
  id: number;
  code: string;
  academyId: number;
  programId: number;
  userId: number;
  holderName: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date;
  replaces: number | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  summary: CertificateSummary;
  credentialJwt: string;
  /** The Data Integrity credential (null for certificates issued before it existed). */
  credentialJson: Record<string, unknown> | null;
  statusIndex: number | null;
  /** The program's name as signed at issue (frozen: a later rename does not change it). */
  programName: string;
  /** The training hours as signed at issue. */
  programHours: number;
  /** The academy's name as signed at issue (the credential's `issuer.name`). */
  academyName: string;
  academySlug: string;
  /** The signatory named on the certificate (frozen at issue), or null. */
  signatoryName: string | null;
  /** The signatory's title (frozen at issue), or null. */
  signatoryTitle: string | null;
  /** Whether the academy has a logo to print (served at `/academies/<slug>/logo`). */
  academyHasLogo: boolean;
  /** Whether the academy's current signature image belongs to the signatory named on this certificate. */
  signatureMatches: boolean;
}

const certColumns = {
  id: certificates.id,
  code: certificates.code,
  academyId: certificates.academyId,
  programId: certificates.programId,
  userId: certificates.userId,
  holderName: certificates.holderName,
  issuedAt: certificates.issuedAt,
  validFrom: certificates.validFrom,
  validUntil: certificates.validUntil,
  replaces: certificates.replaces,
  revokedAt: certificates.revokedAt,
  revokedReason: certificates.revokedReason,
  summary: certificates.summary,
  credentialJwt: certificates.credentialJwt,
  credentialJson: certificates.credentialJson,
  statusIndex: certificates.statusIndex,
  programName: certificates.programName,
  programHours: certificates.programHours,
  academyName: certificates.issuerName,
  academySlug: academies.slug,
  signatoryName: certificates.signatoryName,
  signatoryTitle: certificates.signatoryTitle,
  academyHasLogo: sql<boolean>`${academies.logo} is not null`.mapWith(Boolean),
  signatureMatches:
    sql<boolean>`${academies.signatureImage} is not null and ${certificates.signatoryName} is not null and ${academies.signatoryName} = ${certificates.signatoryName}`.mapWith(
      Boolean,
    ),
};

function certQuery(db: Queryable) {
  return db.select(certColumns).from(certificates).innerJoin(academies, eq(academies.id, certificates.academyId));
}

/** The certificate with this public code, or null. */
export function certificateByCode(db: Queryable, code: string): CertificateRow | null {
  return certQuery(db).where(eq(certificates.code, code)).get() ?? null;
}

/** A holder's certificates (in one academy, or in all), newest first. */
export function certificatesOf(db: Queryable, userId: number, academyId?: number): CertificateRow[] {
  // Prepared once per handle (the learner's home page asks on every view).
  if (academyId)
    return preparedOnce(db, 'certificates-of-user-in-academy', () =>
      certQuery(db)
        .where(and(eq(certificates.userId, bound('userId')), eq(certificates.academyId, bound('academyId'))))
        .orderBy(desc(certificates.issuedAt))
        .prepare(),
    ).all({ userId, academyId });
  return preparedOnce(db, 'certificates-of-user', () =>
    certQuery(db)
      .where(eq(certificates.userId, bound('userId')))
      .orderBy(desc(certificates.issuedAt))
      .prepare(),
  ).all({ userId });
}

/** An academy's signing key pair, by slug (the private key never leaves the server). */
export function academyKeys(
  db: Queryable,
  slug: string,
): { id: number; name: string; publicJwk: JWK; privateJwk: JWK; p256PublicJwk: JWK | null } | null {
  const a = db.select().from(academies).where(eq(academies.slug, slug)).get();
  return a
    ? { id: a.id, name: a.name, publicJwk: a.publicKeyJwk, privateJwk: a.privateKeyJwk, p256PublicJwk: a.p256PublicJwk }
    : null;
}

/** Where a trainee stands on a program: requirements (or renewal) checklist and whether a certificate may be issued now. */
export function standing(
  db: Queryable,
  program: Program,
  userId: number,
  shape: CourseShape,
  now = new Date(),
): { checklist: Checklist; decision: IssueDecision; certificates: CertificateRow[] } {
  const certs = certificatesOf(db, userId, program.academyId).filter((c) => c.programId === program.id);
  const decision = decideIssue(certs, program.validityMonths, now);
  const evidence = evidenceFor(db, userId, program.academyId);
  const checklist =
    decision.ok && decision.value.kind === 'renewal'
      ? evaluateRenewal(program.renewal, evidence, shape, now)
      : evaluateRequirements(program.requirements, evidence, shape, now);
  return { checklist, decision, certificates: certs };
}

/** The outcome of `issueCertificate`: the new certificate's public code, or why none was issued. */
export type IssueResult = Result<{ code: string }>;

/** What a checklist certifies: its items as worded and the drills it counted. */
function certifiedContent(checklist: Checklist): string {
  return JSON.stringify([
    checklist.items.map((i) => [i.label, i.met, i.detail]),
    checklist.usedDrills.map((d) => d.attemptId),
  ]);
}

/**
 * Issues (or renews) a certificate after checking every requirement on the server, and
 * again, with the overlap rule, inside the transaction that writes it. The credential names the
 * academy's did:web under `baseUrl` (the configured public origin, never a request's Host), takes a
 * free index of the academy's revocation status list, and is signed twice: with a Data Integrity
 * proof (what `/verify/<code>/credential.json` serves) and as an OB 3.0 VC-JWT (ES256, `credential.jwt`).
 */
export async function issueCertificate(
  db: Queryable,
  opts: { program: Program; userId: number; adminId: number; shape: CourseShape; baseUrl: string; now?: Date },
): Promise<IssueResult> {
  const now = opts.now ?? new Date();
  const { program, userId } = opts;
  const self = checkNotSelfCertify(opts.adminId, userId);
  if (!self.ok) return self;
  const holder = db
    .select({
      // The holder's name on certificates (set by them or corrected by an admin), else their display name.
      name: sql<string>`coalesce(nullif(trim(${users.certificateName}), ''), ${users.displayName})`,
      email: users.email,
      role: memberships.role,
      removedAt: memberships.removedAt,
    })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.academyId, program.academyId)))
    .where(eq(users.id, userId))
    .get();
  if (!holder || holder.role !== 'trainee') return fail('not_found', 'No such trainee in your academy.');
  if (holder.removedAt) return fail('conflict', 'This trainee was removed from the academy; invite them again first.');
  const origin = new URL(opts.baseUrl);
  if (origin.protocol !== 'https:' && !isLoopbackHost(origin.hostname))
    return fail(
      'unavailable',
      `Certificates are signed with this academy's public address, and ${origin.origin} is not a secure one. Set STIPPLE_PUBLIC_URL to the academy's https address and restart.`,
    );
  const { checklist, decision: issue } = standing(db, program, userId, opts.shape, now);
  if (!issue.ok) return issue;
  const decision = issue.value;
  if (!checklist.allMet) {
    const missing = checklist.items.filter((i) => !i.met).map((i) => `${i.label} (${i.detail})`);
    return fail('conflict', `Not all requirements are met: ${missing.join('; ')}.`);
  }
  ensureAcademyKeys(db); // normally done at start-up; covers an academy inserted since without its P-256 key
  const academy = db.select().from(academies).where(eq(academies.id, program.academyId)).get()!;
  const code = newCertificateCode();
  const salt = crypto.randomUUID();
  const statusIndex = freeStatusIndex(db, academy.id);
  const issuerDid = didWebFor(opts.baseUrl, academy.slug);
  const drills = checklist.usedDrills.map((d) => ({
    ...d,
    templateName: opts.shape.templateNames.get(d.templateId) ?? d.templateId,
  }));
  const summaryItems = checklist.items.map((i) => ({ label: i.label, detail: i.detail }));
  const credential = buildCredential({
    baseUrl: opts.baseUrl,
    issuerDid,
    code,
    academy: { slug: academy.slug, name: academy.name, hasLogo: academy.logo !== null },
    program: {
      id: program.id,
      name: program.name,
      description: program.description,
      criteria: summaryItems.map((i) => i.label).join('; '),
      hours: program.hours,
    },
    holder: { name: holder.name, email: holder.email, salt, subjectId: `urn:uuid:${crypto.randomUUID()}` },
    validFrom: decision.validFrom,
    validUntil: decision.validUntil,
    issuedAt: now,
    drills,
    requirementsSummary: summaryItems.map((i) => `${i.label}: ${i.detail}`),
    status: { listUrl: `${opts.baseUrl}/academies/${academy.slug}/status/revocation`, index: statusIndex },
  });
  // A proof set of one, as 1EdTech's OB 3.0 schema wants; every Data Integrity verifier reads it alike.
  const secured = asProofSet(
    await signDataIntegrity(credential, {
      did: issuerDid,
      privateJwk: academy.privateKeyJwk,
      documentLoader: serverDocumentLoader(db, opts.baseUrl),
      now,
    }),
  );
  const jwt = await signVcJwt(credential, academy.p256PrivateJwk!);
  return db.transaction((tx): IssueResult => {
    // Re-check inside the transaction: two clicks must not issue two certificates, and a
    // record that changed while the credential was signed (a correction to "redo", a new
    // compliance record…) must not be certified with the old checklist.
    const again = standing(tx, program, userId, opts.shape, now);
    if (!again.decision.ok) return again.decision;
    if (again.decision.value.validFrom.getTime() !== decision.validFrom.getTime())
      return fail('conflict', 'This certificate was just issued by someone else.');
    if (certifiedContent(again.checklist) !== certifiedContent(checklist)) {
      return fail(
        'conflict',
        'The trainee’s record changed while the certificate was being signed. Check the list and issue again.',
      );
    }
    // Two certificates issued at the same moment could draw the same status list index.
    if (
      tx
        .select({ id: certificates.id })
        .from(certificates)
        .where(and(eq(certificates.academyId, academy.id), eq(certificates.statusIndex, statusIndex)))
        .get()
    )
      return fail('conflict', 'Another certificate was issued at the same moment. Please issue again.');
    const id = tx
      .insert(certificates)
      .values({
        code,
        academyId: program.academyId,
        programId: program.id,
        userId,
        holderName: holder.name,
        programName: program.name,
        programHours: program.hours,
        issuerName: academy.name,
        signatoryName: academy.signatoryName,
        signatoryTitle: academy.signatoryTitle,
        issuedAt: now,
        validFrom: decision.validFrom,
        validUntil: decision.validUntil,
        issuedBy: opts.adminId,
        replaces: decision.replaces,
        summary: { items: summaryItems, scores: drills.map((d) => ({ template: d.templateName, total: d.total })) },
        credentialJwt: jwt,
        credentialJson: secured,
        statusIndex,
      })
      .returning({ id: certificates.id })
      .get().id;
    audit(tx, {
      academyId: program.academyId,
      actorUserId: opts.adminId,
      action: decision.kind === 'renewal' ? 'certificate.renewed' : 'certificate.issued',
      subject: `certificate:${id}`,
      detail: {
        code,
        userId,
        programId: program.id,
        validUntil: decision.validUntil.toISOString(),
        replaces: decision.replaces,
      },
    });
    return ok({ code });
  });
}

/**
 * Revokes a certificate of `academyId` with a reason, audited; 404 for another academy's, 409 if already
 * revoked. The academy's status list is read from `revoked_at`, so its bit flips in this same transaction.
 */
export function revokeCertificate(
  db: Queryable,
  code: string,
  academyId: number,
  adminId: number,
  reason: string,
  now = new Date(),
): Result {
  return db.transaction((tx): Result => {
    const c = tx.select().from(certificates).where(eq(certificates.code, code)).get();
    if (!c || c.academyId !== academyId) return fail('not_found', 'No such certificate in your academy.');
    if (c.revokedAt) return fail('conflict', 'This certificate has already been revoked.');
    tx.update(certificates)
      .set({ revokedAt: now, revokedReason: reason, revokedBy: adminId })
      .where(eq(certificates.id, c.id))
      .run();
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: 'certificate.revoked',
      subject: `certificate:${c.id}`,
      detail: { code, reason },
    });
    return ok();
  });
}
