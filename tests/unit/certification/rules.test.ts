import { describe, expect, it } from 'vitest';
import {
  addMonths,
  certificateStatus,
  CODE_PATTERN,
  decideIssue,
  formatCode,
  newCertificateCode,
  normalizeCode,
  RENEWAL_WINDOW_DAYS,
} from '../../../src/lib/certification/certificates.ts';
import {
  complianceFormSchema,
  programFromForm,
  programIdSchema,
  revokeFormSchema,
} from '../../../src/lib/certification/forms.ts';
import {
  evaluateRenewal,
  evaluateRequirements,
  type CourseShape,
  type Evidence,
  type Requirements,
} from '../../../src/lib/certification/requirements.ts';

const now = new Date('2026-11-26T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const shape: CourseShape = {
  lessonIds: ['a', 'b'],
  checkIds: ['m1'],
  templateNames: new Map([['crown-whorl', 'Crown and whorl']]),
};
const reqs: Requirements = {
  allLessons: true,
  allChecks: true,
  drills: [{ templateId: 'crown-whorl', count: 2, minScore: 70 }],
  compliance: ['bloodborne-pathogens'],
};
const drill = (attemptId: number, total: number, daysAgo = 10) => ({
  attemptId,
  templateId: 'crown-whorl',
  total,
  submittedAt: days(-daysAgo),
  reviewedBy: 'Sam',
  reviewedAt: days(-daysAgo + 1),
});
const full: Evidence = {
  lessonsDone: new Set(['a', 'b']),
  checksPassed: new Set(['m1']),
  passedDrills: [drill(1, 85), drill(2, 72), drill(3, 60)],
  compliance: [{ kind: 'bloodborne-pathogens', completedOn: days(-100), expiresOn: days(200) }],
};

describe('requirements', () => {
  it('are met by a complete record, and name the drills used as evidence', () => {
    const c = evaluateRequirements(reqs, full, shape, now);
    expect(c.allMet).toBe(true);
    expect(c.items.map((i) => i.detail)).toEqual(['2 of 2', '1 of 1', '2 of 2 (best 85)', 'valid until 2027-06-14']);
    expect(c.usedDrills.map((d) => d.attemptId)).toEqual([1, 2]);
  });

  it('say exactly what is missing', () => {
    const c = evaluateRequirements(
      reqs,
      { ...full, lessonsDone: new Set(['a']), passedDrills: [drill(1, 85), drill(3, 60)], compliance: [] },
      shape,
      now,
    );
    expect(c.allMet).toBe(false);
    expect(c.items.filter((i) => !i.met).map((i) => `${i.label}: ${i.detail}`)).toEqual([
      'All lessons completed: 1 of 2',
      '2 × Crown and whorl passed by an instructor, score 70+: 1 of 2 (best 85)',
      'Bloodborne pathogens training (current): no record',
    ]);
  });

  it('do not accept an expired compliance record', () => {
    const c = evaluateRequirements(
      reqs,
      { ...full, compliance: [{ kind: 'bloodborne-pathogens', completedOn: days(-800), expiresOn: days(-5) }] },
      shape,
      now,
    );
    expect(c.items.at(-1)).toMatchObject({ met: false, detail: 'expired 2026-11-21' });
  });

  it('count only recent drills for renewal', () => {
    const renewal = {
      drills: [{ templateId: 'crown-whorl', count: 1, minScore: 70 }],
      withinMonths: 12,
      compliance: ['bloodborne-pathogens' as const],
    };
    expect(evaluateRenewal(renewal, { ...full, passedDrills: [drill(1, 90, 400)] }, shape, now).allMet).toBe(false);
    expect(evaluateRenewal(renewal, { ...full, passedDrills: [drill(1, 90, 30)] }, shape, now).allMet).toBe(true);
  });
});

describe('issuing periods', () => {
  it('starts a first certificate now for the program’s validity', () => {
    expect(decideIssue([], 24, now)).toEqual({
      ok: true,
      value: { kind: 'first', validFrom: now, validUntil: addMonths(now, 24), replaces: null },
    });
  });
  it('refuses a second certificate for the same period, naming when renewal opens', () => {
    const d = decideIssue([{ id: 1, validFrom: days(-10), validUntil: days(700), revokedAt: null }], 24, now);
    expect(d).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    if (!d.ok)
      expect(d.error.message).toContain(
        `Renewal opens on ${days(700 - RENEWAL_WINDOW_DAYS)
          .toISOString()
          .slice(0, 10)}`,
      );
  });
  it('renews inside the window from the end of the current certificate, or from now when lapsed', () => {
    expect(decideIssue([{ id: 1, validFrom: days(-700), validUntil: days(30), revokedAt: null }], 24, now)).toEqual({
      ok: true,
      value: { kind: 'renewal', validFrom: days(30), validUntil: addMonths(days(30), 24), replaces: 1 },
    });
    expect(
      decideIssue([{ id: 1, validFrom: days(-800), validUntil: days(-30), revokedAt: null }], 24, now),
    ).toMatchObject({ ok: true, value: { kind: 'renewal', validFrom: now, replaces: 1 } });
  });
  it('ignores revoked certificates', () => {
    expect(
      decideIssue([{ id: 1, validFrom: days(-10), validUntil: days(700), revokedAt: days(-1) }], 24, now),
    ).toMatchObject({ ok: true, value: { kind: 'first' } });
  });
  it('derives status from dates and revocation', () => {
    const c = { validFrom: days(-1), validUntil: days(1), revokedAt: null };
    expect(certificateStatus(c, now)).toBe('valid');
    expect(certificateStatus({ ...c, validUntil: days(-0.5) }, now)).toBe('expired');
    expect(certificateStatus({ ...c, revokedAt: days(-0.1) }, now)).toBe('revoked');
    expect(certificateStatus({ ...c, validFrom: days(2), validUntil: days(9) }, now)).toBe('not-yet-valid');
  });
});

describe('certificate codes', () => {
  it('carry 100 random bits and never repeat in practice', () => {
    const codes = new Set(Array.from({ length: 5000 }, newCertificateCode));
    expect(codes.size).toBe(5000);
    for (const c of [...codes].slice(0, 50)) expect(c).toMatch(CODE_PATTERN);
    // 20 base32 characters = 100 bits ≥ the 80 required.
    expect(20 * Math.log2(32)).toBeGreaterThanOrEqual(80);
  });
  it('are accepted however they are typed', () => {
    const c = newCertificateCode();
    expect(normalizeCode(formatCode(c).toLowerCase())).toBe(c);
    expect(normalizeCode(' ' + formatCode(c) + ' ')).toBe(c);
    expect(normalizeCode('short')).toBeNull();
    expect(normalizeCode('../../etc/passwd')).toBeNull();
  });
});

describe('admin forms', () => {
  it('validate compliance records', () => {
    expect(
      complianceFormSchema.safeParse({
        kind: 'bloodborne-pathogens',
        completedOn: '2026-01-10',
        expiresOn: '2027-01-10',
      }).success,
    ).toBe(true);
    const bad = complianceFormSchema.safeParse({
      kind: 'bloodborne-pathogens',
      completedOn: '2026-01-10',
      expiresOn: '2025-01-10',
    });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]!.message).toBe('The expiry date must be after the completion date.');
    expect(complianceFormSchema.safeParse({ kind: 'tattoo-licence', completedOn: '2026-01-10' }).success).toBe(false);
    expect(complianceFormSchema.safeParse({ kind: 'first-aid', completedOn: '2099-01-10' }).success).toBe(false);
  });
  it('refuse days that do not exist and years out of range, instead of rolling them over', () => {
    const message = (fields: Record<string, string>) => {
      const r = complianceFormSchema.safeParse({ kind: 'first-aid', ...fields });
      return r.success ? null : r.error.issues[0]!.message;
    };
    expect(message({ completedOn: '2026-02-31' })).toBe('The completion date is not a real date.');
    expect(message({ completedOn: '2025-02-29' })).toBe('The completion date is not a real date.');
    expect(message({ completedOn: '2024-02-29' })).toBeNull(); // a leap day
    expect(message({ completedOn: '0000-01-01' })).toBe('The completion date must be between the years 1900 and 2999.');
    expect(message({ completedOn: '2026-01-10', expiresOn: '2027-13-01' })).toBe('The expiry date is not a real date.');
    const ok = complianceFormSchema.parse({ kind: 'first-aid', completedOn: '2026-01-31' });
    expect(ok.completedOn.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });
  it('require a reason to revoke', () => {
    const r = revokeFormSchema.safeParse({ code: 'A'.repeat(20), reason: ' ' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toBe('Give a reason for revoking.');
  });
  it('build a program from the editor form', () => {
    const p = programFromForm({
      name: 'Level 2',
      description: 'Advanced scar camouflage.',
      hours: '20',
      validityMonths: '12',
      allLessons: 'on',
      'drill.0.templateId': 'scar-patch',
      'drill.0.count': '3',
      'drill.0.minScore': '80',
      'compliance.first-aid': 'on',
      renewWithinMonths: '6',
    });
    expect(p.success).toBe(true);
    if (p.success) {
      expect(p.data.requirements).toEqual({
        allLessons: true,
        allChecks: false,
        drills: [{ templateId: 'scar-patch', count: 3, minScore: 80 }],
        compliance: ['first-aid'],
      });
      expect(p.data.renewal.withinMonths).toBe(6);
    }
    const bad = programFromForm({ name: 'L', description: 'x', hours: '0', validityMonths: '12' });
    expect(bad.success).toBe(false);
  });
  it('read the edited program’s id strictly: empty means new, anything but an id is an error', () => {
    expect(programIdSchema.parse(undefined)).toBeUndefined();
    expect(programIdSchema.parse('')).toBeUndefined();
    expect(programIdSchema.parse('1')).toBe(1);
    expect(programIdSchema.parse('4096')).toBe(4096);
    for (const bad of ['abc', '0', '-3', '1.5', '1e3', ' 2', '0x10', '07', '9'.repeat(16)]) {
      const r = programIdSchema.safeParse(bad);
      expect(r.success, bad).toBe(false);
      if (!r.success) expect(r.error.issues[0]!.message).toBe('No such program in your academy.');
    }
  });
});
