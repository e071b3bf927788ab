/**
 * Certificate expiry reminders: mailed through a real SMTP server 60 and 30 days before a certificate ends, each
 * once, whether the job runs twice in a row or twice at once; never for revoked certificates or holders who turned
 * notification mails off. Also `npm run -s jobs` from the command line.
 */
import { spawnSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { certificateReminders, certificates, users } from '../../db/schema.ts';
import type { CourseShape } from '../../src/lib/certification/requirements.ts';
import { addMember } from '../../src/server/academies.ts';
import { issueCertificate, revokeCertificate } from '../../src/server/certificates.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { DEMO_PROGRAM } from '../../src/server/demo/seed.ts';
import { runCertificateReminders } from '../../src/server/jobs.ts';
import { getProgram, saveProgram, type Program } from '../../src/server/programs.ts';
import { loadTemplate } from '../../src/server/templates.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff, addUser, makeReadyTrainee } from '../support/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

let db: Db;
let sink: SmtpSink;
let academyId = 0;
let staff: Record<string, number> = {};
let program: Program;
let shape: CourseShape;
const DAY = 86_400_000;
const issuedAt = new Date();

async function certified(email: string): Promise<{ userId: number; code: string; validUntil: Date }> {
  const id = await addUser(db, email, 'pw-trainee-123', 'Holder Name');
  addMember(db, id, academyId, 'trainee');
  makeReadyTrainee(db, id, academyId, { id: staff.instructor!, name: 'North instructor' }, staff.admin!);
  const r = await issueCertificate(db, {
    program,
    userId: id,
    adminId: staff.admin!,
    shape,
    baseUrl: 'https://academy.test',
    now: issuedAt,
  });
  if (!r.ok) throw new Error(r.error.message);
  const cert = db.select().from(certificates).where(eq(certificates.code, r.value.code)).get()!;
  return { userId: id, code: r.value.code, validUntil: cert.validUntil };
}

const mailsTo = (email: string) => sink.mails.filter((m) => m.to.includes(email));

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.STIPPLE_SMTP_URL = sink.url;
  process.env.STIPPLE_PUBLIC_URL = 'https://academy.test';
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
afterAll(async () => {
  delete process.env.STIPPLE_SMTP_URL;
  delete process.env.STIPPLE_PUBLIC_URL;
  db?.$client.close();
  await sink?.stop();
});

describe('certificate expiry reminders', () => {
  it('mails 60 and 30 days before the end, each once, however often and concurrently the job runs', async () => {
    const { code, validUntil } = await certified('ada@north.test');
    const at = (daysBefore: number) => new Date(validUntil.getTime() - daysBefore * DAY);

    expect(await runCertificateReminders(db, at(61))).toBe(0);
    expect(await runCertificateReminders(db, at(59))).toBe(1);
    expect(await runCertificateReminders(db, at(59))).toBe(0);
    expect(await runCertificateReminders(db, at(45))).toBe(0);
    const [a, b] = await Promise.all([runCertificateReminders(db, at(29)), runCertificateReminders(db, at(29))]);
    expect(a + b).toBe(1);
    expect(await runCertificateReminders(db, at(1))).toBe(0);

    await expect.poll(() => mailsTo('ada@north.test').length).toBe(2);
    const [sixty, thirty] = mailsTo('ada@north.test');
    expect(sixty!.parsed.subject).toBe(`Your ${program.name} certificate ends in 59 days`);
    expect(thirty!.parsed.subject).toBe(`Your ${program.name} certificate ends in 29 days`);
    expect(thirty!.parsed.text).toContain(`See your certificate: https://academy.test/verify/${code}`);
    expect(thirty!.parsed.html).toContain('North Studio');
  });

  it('sends only the 30-day reminder to a certificate first seen within 30 days', async () => {
    const { validUntil, code } = await certified('bo@north.test');
    const cert = db.select().from(certificates).where(eq(certificates.code, code)).get()!;
    expect(await runCertificateReminders(db, new Date(validUntil.getTime() - 20 * DAY))).toBe(1);
    const rows = db.select().from(certificateReminders).where(eq(certificateReminders.certificateId, cert.id)).all();
    expect(rows.map((r) => r.daysBefore).sort()).toEqual([30, 60]);
  });

  it('skips revoked certificates and holders who turned notification mails off', async () => {
    const revoked = await certified('cy@north.test');
    const r = revokeCertificate(db, revoked.code, academyId, staff.admin!, 'Issued in error');
    expect(r.ok).toBe(true);
    const quiet = await certified('di@north.test');
    db.update(users).set({ notificationMails: false }).where(eq(users.id, quiet.userId)).run();
    const before = sink.mails.length;
    await runCertificateReminders(db, new Date(quiet.validUntil.getTime() - 10 * DAY));
    await new Promise((done) => setTimeout(done, 300));
    expect(mailsTo('cy@north.test')).toHaveLength(0);
    expect(mailsTo('di@north.test')).toHaveLength(0);
    expect(sink.mails.length).toBe(before);
  });

  it('`npm run -s jobs` runs them from the command line and prints one JSON line', () => {
    const file = db.$client.name;
    const run = spawnSync('npm', ['run', '-s', 'jobs'], {
      env: { ...process.env, STIPPLE_DB: file, STIPPLE_SMTP_URL: sink.url },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ reminders: 0 });
  });
});
