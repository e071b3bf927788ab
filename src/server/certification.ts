/**
 * Certification on the database: programs, a trainee's evidence, compliance records, and
 * issuing, renewing and revoking signed certificates. Signing is async (jose), so a
 * certificate is signed first and then written in one transaction that re-checks the rules.
 */
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { Db, Queryable } from '../../db/client.ts';
import {
  academies,
  certificates,
  checkAttempts,
  complianceRecords,
  drillAttempts,
  lessonProgress,
  memberships,
  programs,
  reviews,
  users,
} from '../../db/schema.ts';
import { decideIssue, newCertificateCode, type IssueDecision } from '../lib/certification/certificates.ts';
import { buildCredential } from '../lib/certification/credential.ts';
import {
  evaluateRenewal,
  evaluateRequirements,
  renewalSchema,
  requirementsSchema,
  type Checklist,
  type CourseShape,
  type Evidence,
  type Renewal,
  type Requirements,
} from '../lib/certification/requirements.ts';
import { signCredential } from '../lib/certification/signing.ts';
import { audit } from './audit.ts';

export interface Program {
  id: number;
  academyId: number;
  name: string;
  description: string;
  hours: number;
  validityMonths: number;
  requirements: Requirements;
  renewal: Renewal;
}

function toProgram(r: typeof programs.$inferSelect): Program {
  return { ...r, requirements: requirementsSchema.parse(r.requirements), renewal: renewalSchema.parse(r.renewal) };
}

export function listPrograms(db: Db, academyId: number): Program[] {
  return db
    .select()
    .from(programs)
    .where(eq(programs.academyId, academyId))
    .orderBy(asc(programs.id))
    .all()
    .map(toProgram);
}

export function getProgram(db: Db, academyId: number, id: number): Program | null {
  const r = db
    .select()
    .from(programs)
    .where(and(eq(programs.academyId, academyId), eq(programs.id, id)))
    .get();
  return r ? toProgram(r) : null;
}

export type ProgramInput = Omit<Program, 'id' | 'academyId'>;

export function saveProgram(
  db: Queryable,
  academyId: number,
  input: ProgramInput,
  adminId: number | null,
  id?: number,
  now = new Date(),
): number {
  return db.transaction((tx) => {
    let programId = id;
    if (programId) {
      tx.update(programs)
        .set({ ...input, updatedAt: now })
        .where(and(eq(programs.id, programId), eq(programs.academyId, academyId)))
        .run();
    } else {
      programId = tx
        .insert(programs)
        .values({ ...input, academyId, updatedAt: now })
        .returning({ id: programs.id })
        .get().id;
    }
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: id ? 'program.updated' : 'program.created',
      subject: `program:${programId}`,
      detail: { name: input.name },
    });
    return programId;
  });
}

/** Everything requirements look at, for one trainee in one academy. */
export function evidenceFor(db: Db, userId: number, academyId: number): Evidence {
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
        sql`not exists (select 1 from reviews r2 where r2.supersedes = ${reviews.id})`,
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
  summary: { items: Array<{ label: string; detail: string }>; scores: Array<{ template: string; total: number }> };
  credentialJwt: string;
  programName: string;
  programHours: number;
  academyName: string;
  academySlug: string;
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
  programName: programs.name,
  programHours: programs.hours,
  academyName: academies.name,
  academySlug: academies.slug,
};

function certQuery(db: Db) {
  return db
    .select(certColumns)
    .from(certificates)
    .innerJoin(programs, eq(programs.id, certificates.programId))
    .innerJoin(academies, eq(academies.id, certificates.academyId));
}

export function certificateByCode(db: Db, code: string): CertificateRow | null {
  return (certQuery(db).where(eq(certificates.code, code)).get() as CertificateRow | undefined) ?? null;
}

export function certificatesOf(db: Db, userId: number, academyId?: number): CertificateRow[] {
  const where = academyId
    ? and(eq(certificates.userId, userId), eq(certificates.academyId, academyId))
    : eq(certificates.userId, userId);
  return certQuery(db).where(where).orderBy(desc(certificates.issuedAt)).all() as CertificateRow[];
}

export function academyKeys(
  db: Db,
  slug: string,
): { id: number; name: string; publicJwk: JWK; privateJwk: JWK } | null {
  const a = db.select().from(academies).where(eq(academies.slug, slug)).get();
  return a
    ? { id: a.id, name: a.name, publicJwk: JSON.parse(a.publicKeyJwk), privateJwk: JSON.parse(a.privateKeyJwk) }
    : null;
}

/** Where a trainee stands on a program: requirements (or renewal) checklist and whether a certificate may be issued now. */
export function standing(
  db: Db,
  program: Program,
  userId: number,
  shape: CourseShape,
  now = new Date(),
): { checklist: Checklist; decision: IssueDecision; certificates: CertificateRow[] } {
  const certs = certificatesOf(db, userId, program.academyId).filter((c) => c.programId === program.id);
  const decision = decideIssue(certs, program.validityMonths, now);
  const evidence = evidenceFor(db, userId, program.academyId);
  const checklist =
    decision.ok && decision.kind === 'renewal'
      ? evaluateRenewal(program.renewal, evidence, shape, now)
      : evaluateRequirements(program.requirements, evidence, shape, now);
  return { checklist, decision, certificates: certs };
}

export type IssueResult = { ok: true; code: string } | { ok: false; status: number; message: string };

/** Issues (or renews) a certificate after re-checking every requirement on the server. */
export async function issueCertificate(
  db: Db,
  opts: { program: Program; userId: number; adminId: number; shape: CourseShape; baseUrl: string; now?: Date },
): Promise<IssueResult> {
  const now = opts.now ?? new Date();
  const { program, userId } = opts;
  const holder = db
    .select({ name: users.displayName, email: users.email, role: memberships.role })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.academyId, program.academyId)))
    .where(eq(users.id, userId))
    .get();
  if (!holder || holder.role !== 'trainee')
    return { ok: false, status: 404, message: 'No such trainee in your academy.' };
  const { checklist, decision } = standing(db, program, userId, opts.shape, now);
  if (!decision.ok) return decision;
  if (!checklist.allMet) {
    const missing = checklist.items.filter((i) => !i.met).map((i) => `${i.label} (${i.detail})`);
    return { ok: false, status: 409, message: `Not all requirements are met: ${missing.join('; ')}.` };
  }
  const academy = db.select().from(academies).where(eq(academies.id, program.academyId)).get()!;
  const code = newCertificateCode();
  const salt = crypto.randomUUID();
  const drills = checklist.usedDrills.map((d) => ({
    ...d,
    templateName: opts.shape.templateNames.get(d.templateId) ?? d.templateId,
  }));
  const summaryItems = checklist.items.map((i) => ({ label: i.label, detail: i.detail }));
  const credential = buildCredential({
    baseUrl: opts.baseUrl,
    code,
    academy: { slug: academy.slug, name: academy.name },
    program: {
      id: program.id,
      name: program.name,
      description: program.description,
      criteria: summaryItems.map((i) => i.label).join('; '),
      hours: program.hours,
    },
    holder: { name: holder.name, email: holder.email, salt },
    validFrom: decision.validFrom,
    validUntil: decision.validUntil,
    issuedAt: now,
    drills,
    requirementsSummary: summaryItems.map((i) => `${i.label}: ${i.detail}`),
  });
  const jwt = await signCredential(credential, JSON.parse(academy.privateKeyJwk), JSON.parse(academy.publicKeyJwk));
  return db.transaction((tx) => {
    // Re-check inside the transaction: two clicks must not issue two certificates.
    const existing = tx
      .select({
        id: certificates.id,
        validFrom: certificates.validFrom,
        validUntil: certificates.validUntil,
        revokedAt: certificates.revokedAt,
      })
      .from(certificates)
      .where(and(eq(certificates.userId, userId), eq(certificates.programId, program.id)))
      .all();
    const again = decideIssue(existing, program.validityMonths, now);
    if (!again.ok || again.validFrom.getTime() !== decision.validFrom.getTime()) {
      return {
        ok: false as const,
        status: 409,
        message: again.ok ? 'This certificate was just issued by someone else.' : again.message,
      };
    }
    const id = tx
      .insert(certificates)
      .values({
        code,
        academyId: program.academyId,
        programId: program.id,
        userId,
        holderName: holder.name,
        issuedAt: now,
        validFrom: decision.validFrom,
        validUntil: decision.validUntil,
        issuedBy: opts.adminId,
        replaces: decision.replaces,
        summary: { items: summaryItems, scores: drills.map((d) => ({ template: d.templateName, total: d.total })) },
        credentialJwt: jwt,
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
    return { ok: true as const, code };
  });
}

export function revokeCertificate(
  db: Db,
  code: string,
  academyId: number,
  adminId: number,
  reason: string,
  now = new Date(),
): { ok: true } | { ok: false; status: number; message: string } {
  return db.transaction((tx) => {
    const c = tx.select().from(certificates).where(eq(certificates.code, code)).get();
    if (!c || c.academyId !== academyId)
      return { ok: false as const, status: 404, message: 'No such certificate in your academy.' };
    if (c.revokedAt) return { ok: false as const, status: 409, message: 'This certificate has already been revoked.' };
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
    return { ok: true as const };
  });
}

export function addComplianceRecord(
  db: Queryable,
  academyId: number,
  userId: number,
  record: { kind: string; completedOn: Date; expiresOn: Date | null; reference: string },
  adminId: number,
): { ok: true } | { ok: false; status: number; message: string } {
  return db.transaction((tx) => {
    const member = tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.academyId, academyId)))
      .get();
    if (!member) return { ok: false as const, status: 404, message: 'No such trainee in your academy.' };
    const id = tx
      .insert(complianceRecords)
      .values({ ...record, academyId, userId, recordedBy: adminId })
      .returning({ id: complianceRecords.id })
      .get().id;
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: 'compliance.recorded',
      subject: `user:${userId}`,
      detail: { id, kind: record.kind },
    });
    return { ok: true as const };
  });
}

export function complianceOf(db: Db, academyId: number, userId: number) {
  return db
    .select()
    .from(complianceRecords)
    .where(and(eq(complianceRecords.academyId, academyId), eq(complianceRecords.userId, userId)))
    .orderBy(desc(complianceRecords.completedOn))
    .all();
}

/** Trainees of an academy (id, name, email), for the bulk "who is ready" view. */
export function traineesOf(db: Db, academyId: number) {
  return db
    .select({ id: users.id, name: users.displayName, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.academyId, academyId), eq(memberships.role, 'trainee')))
    .orderBy(asc(users.displayName))
    .all();
}
