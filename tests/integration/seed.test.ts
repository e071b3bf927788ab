import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { drillAttempts, programs, users } from '../../db/schema.ts';
import { DEMO_REVOCATION_REASON, DEMO_USERS, SAMPLE_TRAINEES } from '../../src/server/demo/seed.ts';
import { certificateByCode, standing } from '../../src/server/certificates.ts';
import { statusListCredential } from '../../src/server/issuer.ts';
import { storedSignature } from '../../src/server/verification.ts';
import { listPrograms } from '../../src/server/programs.ts';
import { prepareDatabase } from '../../src/server/db.ts';
import { verifyPassword } from '../../src/lib/auth/password.ts';
import { loadTemplate } from '../../src/server/templates.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { tempDbPath } from '../support/db.ts';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});
const silent = () => {};

describe('first start', () => {
  it('seeds the demo academy with sample work, once, and prints a generated password', async () => {
    delete process.env.STIPPLE_SEED;
    delete process.env.STIPPLE_DEMO_PASSWORD;
    const file = tempDbPath();
    const lines: string[] = [];
    const db = await prepareDatabase(file, (l) => lines.push(l));
    const password = lines.find((l) => l.startsWith('Demo password (shown once): '))!.split(': ')[1]!;
    expect(password).toMatch(/^[a-z2-7]{16}$/);
    const emails = db
      .select({ email: users.email })
      .from(users)
      .all()
      .map((u) => u.email);
    expect(emails).toEqual(
      expect.arrayContaining([
        ...DEMO_USERS.map((u) => u.email),
        SAMPLE_TRAINEES.ready.email,
        SAMPLE_TRAINEES.waiting.email,
        SAMPLE_TRAINEES.newcomer.email,
      ]),
    );
    const admin = db.select().from(users).where(eq(users.email, 'admin@demo.stipple.test')).get()!;
    expect(await verifyPassword(admin.passwordHash, password)).toBe(true);

    // Alex is ready for the demo program; Priya's canvas waits for review.
    const files = readAllCourses()[0]!;
    const shape = {
      lessonIds: files.lessons.map((l) => l.id),
      checkIds: files.checks.map((c) => c.module),
      templateNames: new Map(['frontal-hairline', 'crown-whorl'].map((id) => [id, loadTemplate(id)!.name])),
    };
    const alex = db.select().from(users).where(eq(users.email, SAMPLE_TRAINEES.ready.email)).get()!;
    const program = listPrograms(db, 1)[0]!;
    expect(program.name).toBe('SMP Technician — Level 1');
    const s = standing(db, program, alex.id, shape);
    expect(s.checklist.allMet).toBe(true);
    expect(db.select({ n: count() }).from(drillAttempts).where(eq(drillAttempts.status, 'submitted')).get()!.n).toBe(1);

    // One valid and one revoked certificate, issued through the real services, their URLs printed.
    const url = (kind: string) => lines.find((l) => l.startsWith(`Demo certificate, ${kind}: `))!.split(': ')[1]!;
    expect(url('valid')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Z2-7]{20}$/);
    const valid = certificateByCode(db, url('valid').split('/').pop()!)!;
    const revoked = certificateByCode(db, url('revoked').split('/').pop()!)!;
    expect(valid).toMatchObject({ holderName: SAMPLE_TRAINEES.certified.displayName, revokedAt: null });
    expect(valid.validUntil > new Date()).toBe(true);
    expect(revoked).toMatchObject({
      holderName: SAMPLE_TRAINEES.revoked.displayName,
      revokedReason: DEMO_REVOCATION_REASON,
    });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await storedSignature(db, valid)).ok).toBe(true);
    expect((await storedSignature(db, revoked)).ok).toBe(true);
    const origin = new URL(url('valid')).origin;
    const list = await statusListCredential(db, 'demo', origin);
    const bits = await decodeList({
      encodedList: (list!.credentialSubject as { encodedList: string }).encodedList,
    });
    expect(bits.getStatus(revoked.statusIndex!)).toBe(true);
    expect(bits.getStatus(valid.statusIndex!)).toBe(false);

    // A second start leaves the data alone.
    const again: string[] = [];
    const db2 = await prepareDatabase(file, (l) => again.push(l));
    expect(again).toEqual([]);
    expect(db2.select({ n: count() }).from(users).get()!.n).toBe(8);
  });

  it('uses STIPPLE_DEMO_PASSWORD without printing it, and STIPPLE_SEED=basic / none', async () => {
    process.env.STIPPLE_DEMO_PASSWORD = 'chosen-demo-password';
    process.env.STIPPLE_SEED = 'basic';
    const lines: string[] = [];
    const basic = await prepareDatabase(tempDbPath(), (l) => lines.push(l));
    expect(lines.join('\n')).not.toContain('chosen-demo-password');
    expect(basic.select({ n: count() }).from(users).get()!.n).toBe(3);
    expect(basic.select({ n: count() }).from(programs).get()!.n).toBe(1);

    process.env.STIPPLE_SEED = 'none';
    const none = await prepareDatabase(tempDbPath(), silent);
    expect(none.select({ n: count() }).from(users).get()!.n).toBe(0);
  });
});
