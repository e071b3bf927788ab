/**
 * Issuing checks the trainee's standing before the credential is signed (async) and again
 * in the transaction that writes it: whatever changed in between — another issue, a
 * correction of a passed drill — is caught, and nothing is written.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { certificates, drillAttempts } from '../../db/schema.ts';
import { DEMO_PROGRAM } from '../../src/server/demo/seed.ts';
import type { CourseShape } from '../../src/lib/certification/requirements.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { certificateByCode, issueCertificate } from '../../src/server/certificates.ts';
import { storedSignature } from '../../src/server/verification.ts';
import { currentReview, submitReview } from '../../src/server/grading.ts';
import { getProgram, saveProgram, type Program } from '../../src/server/programs.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { loadTemplate } from '../../src/server/templates.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff, addUser, makeReadyTrainee } from '../support/fixtures.ts';
import { addMember } from '../../src/server/academies.ts';

let db: Db;
let academyId = 0;
let staff: Record<string, number> = {};
let program: Program;
let shape: CourseShape;
const certCount = () => db.select({ n: count() }).from(certificates).get()!.n;
const issue = (userId: number) =>
  issueCertificate(db, { program, userId, adminId: staff.admin!, shape, baseUrl: 'https://academy.test' });

async function readyTrainee(email: string): Promise<number> {
  const id = await addUser(db, email, 'pw-trainee-123');
  addMember(db, id, academyId, 'trainee');
  makeReadyTrainee(db, id, academyId, { id: staff.instructor!, name: 'North instructor' }, staff.admin!);
  return id;
}

beforeAll(async () => {
  db = freshDb();
  ({ academyId, ids: staff } = await addAcademyWithStaff(db, 'north', 'North Studio', 'pw-north-123'));
  const saved = saveProgram(db, academyId, DEMO_PROGRAM, staff.admin!);
  if (!saved.ok) throw new Error(saved.error.message);
  program = getProgram(db, academyId, saved.value.id)!;
  const files = readAllCourses()[0]!;
  shape = {
    lessonIds: files.lessons.map((l) => l.id),
    checkIds: files.checks.map((c) => c.module),
    templateNames: new Map(['frontal-hairline', 'crown-whorl'].map((id) => [id, loadTemplate(id)!.name])),
  };
});
afterAll(() => db?.$client.close());

describe('issuing while the record changes', () => {
  it('issues one certificate when two issues race, and refuses the other', async () => {
    const trainee = await readyTrainee('racer@north.test');
    const [a, b] = await Promise.all([issue(trainee), issue(trainee)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    // The second transaction sees the first one's certificate: the overlap rule refuses.
    expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/^A certificate for this program is already valid until /);
    expect(db.select({ n: count() }).from(certificates).where(eq(certificates.userId, trainee)).get()!.n).toBe(1);
  });

  it('refuses when a passed drill is corrected to "redo" while the credential is being signed', async () => {
    const trainee = await readyTrainee('corrected@north.test');
    const before = certCount();
    const pending = issue(trainee); // checked and built; now signing
    const attempt = db.select().from(drillAttempts).where(eq(drillAttempts.userId, trainee)).get()!;
    const rubric = defaultRubric(loadTemplate(attempt.templateId)!.family);
    const correction = submitReview(
      db,
      attempt.id,
      academyId,
      { id: staff.instructor!, name: 'North instructor' },
      rubric,
      {
        verdict: 'redo',
        comment: 'On a second look: rows along the crown.',
        levels: Object.fromEntries(rubric.map((c) => [c.id, 2])),
        annotations: [],
        supersedes: currentReview(db, attempt.id)!.id,
      },
    );
    expect(correction.ok).toBe(true);
    expect(await pending).toEqual({
      ok: false,
      error: {
        kind: 'conflict',
        message: 'The trainee’s record changed while the certificate was being signed. Check the list and issue again.',
      },
    });
    expect(certCount()).toBe(before);
    // Asked again, the trainee is simply not ready.
    const again = await issue(trainee);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/^Not all requirements are met/);
  });
});

describe('the public origin in signed documents', () => {
  it('refuses to issue under a plain-http address outside loopback, and writes nothing', async () => {
    const trainee = await readyTrainee('insecure@north.test');
    const before = certCount();
    const r = await issueCertificate(db, {
      program,
      userId: trainee,
      adminId: staff.admin!,
      shape,
      baseUrl: 'http://academy.test',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: expect.stringContaining('STIPPLE_PUBLIC_URL') },
    });
    expect(certCount()).toBe(before);
    const ok = await issue(trainee);
    expect(ok.ok).toBe(true);
    const row = db.select().from(certificates).where(eq(certificates.userId, trainee)).get()!;
    expect(row.credentialJson).toMatchObject({ issuer: { id: 'did:web:academy.test:academies:north' } });
    expect(row.statusIndex).toBeGreaterThanOrEqual(0);
    expect(row.statusIndex).toBeLessThan(131_072);
    // Issued under another origin than this process's (127.0.0.1:4321): its stored proof still checks out.
    const cert = certificateByCode(db, row.code)!;
    expect(await storedSignature(db, cert)).toEqual({ ok: true });
    const altered = { ...cert, credentialJson: { ...cert.credentialJson!, name: 'Something else' } };
    expect((await storedSignature(db, altered)).ok).toBe(false);
  });
});
