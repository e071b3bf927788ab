/**
 * The demo academy a newcomer can click through at once: one admin, one instructor and
 * one trainee; with sample work, trainees at every stage and one valid and one revoked certificate.
 * Seeded only into an empty database.
 */
import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../../../db/client.ts';
import { users } from '../../../db/schema.ts';
import { saveProgram } from '../programs.ts';
import { demoCourseShape, makeReadyTrainee, makeWaitingSubmission, passDrillPath } from './demo-data.ts';
import { issueCertificate, revokeCertificate } from '../certificates.ts';
import { publicOrigin } from '../issuer.ts';
import { listPrograms } from '../programs.ts';
import { hashPassword } from '../../lib/auth/password.ts';
import { addMember, createAcademy } from '../academies.ts';
import type { Role } from '../../lib/auth/roles.ts';
import { ok, type Result } from '../../lib/errors.ts';

/** The demo academy: open enrolment, so anyone who signs up without a code joins it. */
export const DEMO_ACADEMY = {
  slug: 'demo',
  name: 'Stipple Demo Academy',
  joinCode: 'DEMO-ACADEMY',
  openEnrollment: true,
};

/** The three demo users, one per role, sharing the demo password. */
export const DEMO_USERS: ReadonlyArray<{ email: string; displayName: string; role: Role }> = [
  { email: 'admin@demo.stipple.test', displayName: 'Morgan Reyes', role: 'admin' },
  { email: 'instructor@demo.stipple.test', displayName: 'Sam Okafor', role: 'instructor' },
  { email: 'trainee@demo.stipple.test', displayName: 'Jamie Lee', role: 'trainee' },
];

/** Extra trainees with sample work, so every screen has something to show on first start. */
export const SAMPLE_TRAINEES = {
  ready: { email: 'alex@demo.stipple.test', displayName: 'Alex Moreau' },
  waiting: { email: 'priya@demo.stipple.test', displayName: 'Priya Shah' },
  certified: { email: 'sofia@demo.stipple.test', displayName: 'Sofia Lindqvist' },
  revoked: { email: 'dana@demo.stipple.test', displayName: 'Dana Whitfield' },
  newcomer: { email: 'leo@demo.stipple.test', displayName: 'Leo Haddad' },
} as const;

/** Why the demo's revoked certificate was revoked. */
export const DEMO_REVOCATION_REASON = 'Issued before the bloodborne pathogens record was checked (demo)';

/** The demo academy's certification program. */
export const DEMO_PROGRAM = {
  name: 'SMP Technician — Level 1',
  description:
    'Foundation certificate in scalp micropigmentation: skin and depth, equipment and pigment, hygiene and safety, artistry and client care, with instructor-assessed practical drills.',
  hours: 40,
  validityMonths: 24,
  requirements: {
    allLessons: true,
    allChecks: true,
    drills: [
      { templateId: 'frontal-hairline', count: 1, minScore: 70 },
      { templateId: 'crown-whorl', count: 1, minScore: 70 },
    ],
    compliance: ['bloodborne-pathogens' as const],
  },
  renewal: {
    drills: [{ templateId: 'crown-whorl', count: 1, minScore: 70 }],
    withinMonths: 12,
    compliance: ['bloodborne-pathogens' as const],
  },
};

/** Whether the database has no users yet (a first start, which gets the demo seed). */
export function isEmptyDatabase(db: Db): boolean {
  return db.select({ n: count() }).from(users).get()!.n === 0;
}

/** A readable random password: 16 base32 characters (80 bits). */
export function generateDemoPassword(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}

/** The demo's sample certificates, by the trainee they were issued to: their verification URLs, or why none. */
export type DemoCertificates = Result<{ valid: string; revoked: string }>;

/**
 * Seeds the demo academy and its three users, all with `password`, in one transaction;
 * with `sampleWork`, four more trainees: one ready for certification, one waiting for review, and two holding
 * certificates issued through the real issuing and revoking services under `baseUrl` (the public origin) — one
 * valid, one revoked. Returns the two certificates' verification URLs (`ok(null)` without sample work).
 */
export async function seedDemoAcademy(
  db: Db,
  password: string,
  sampleWork = false,
  baseUrl = publicOrigin(),
): Promise<DemoCertificates | null> {
  const passwordHash = await hashPassword(password);
  const seeded = db.transaction((tx) => {
    const id = createAcademy(tx, DEMO_ACADEMY);
    for (const u of DEMO_USERS) {
      const { id: userId } = tx
        .insert(users)
        .values({ email: u.email, displayName: u.displayName, passwordHash })
        .returning({ id: users.id })
        .get();
      addMember(tx, userId, id, u.role);
    }
    saveProgram(tx, id, DEMO_PROGRAM, null);
    if (!sampleWork) return null;
    const ids = Object.fromEntries(
      tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .all()
        .map((u) => [u.email, u.id]),
    ) as Record<string, number>;
    const add = (u: { email: string; displayName: string }) => {
      const { id: userId } = tx
        .insert(users)
        .values({ ...u, passwordHash })
        .returning({ id: users.id })
        .get();
      addMember(tx, userId, id, 'trainee');
      return userId;
    };
    const instructor = { id: ids['instructor@demo.stipple.test']!, name: 'Sam Okafor' };
    const adminId = ids['admin@demo.stipple.test']!;
    makeReadyTrainee(tx, add(SAMPLE_TRAINEES.ready), id, instructor, adminId);
    makeWaitingSubmission(tx, add(SAMPLE_TRAINEES.waiting), id, instructor);
    const certified = add(SAMPLE_TRAINEES.certified);
    makeReadyTrainee(tx, certified, id, instructor, adminId);
    const revoked = add(SAMPLE_TRAINEES.revoked);
    makeReadyTrainee(tx, revoked, id, instructor, adminId);
    // The full demo's trainee@ has passed the patch and a segment with Sam, so every template is
    // open to the demo trainee; Leo has just joined and starts the drill path at the patch.
    passDrillPath(tx, ids['trainee@demo.stipple.test']!, id, instructor);
    add(SAMPLE_TRAINEES.newcomer);
    return { academyId: id, adminId, certified, revoked };
  });
  if (!seeded) return null;
  // Signing is async, so the certificates are issued after the transaction, each in its own (as an admin would).
  const program = listPrograms(db, seeded.academyId)[0]!;
  const shape = demoCourseShape();
  const issue = (userId: number) => issueCertificate(db, { program, userId, adminId: seeded.adminId, shape, baseUrl });
  const valid = await issue(seeded.certified);
  if (!valid.ok) return valid;
  const toRevoke = await issue(seeded.revoked);
  if (!toRevoke.ok) return toRevoke;
  const r = revokeCertificate(db, toRevoke.value.code, seeded.academyId, seeded.adminId, DEMO_REVOCATION_REASON);
  if (!r.ok) return r;
  return ok({ valid: `${baseUrl}/verify/${valid.value.code}`, revoked: `${baseUrl}/verify/${toRevoke.value.code}` });
}
