/**
 * Percent agreement and Cohen's κ between the automatic score and instructors, checked
 * against hand-computed textbook tables (the worked examples of the Wikipedia article on
 * Cohen's kappa), and the degenerate cases where κ is undefined.
 */
import { describe, expect, it } from 'vitest';
import {
  agreementByTemplate,
  agreementStats,
  confusionTable,
  describeAgreement,
  kappaBand,
  tableTotal,
  type ConfusionTable,
  type GradedAttempt,
} from '../../../src/lib/grading/agreement.ts';

/** A table from its four cells, read row by row: score pass (instructor pass, redo), score fail (pass, redo). */
const table = (bothPass: number, autoPassInstructorRedo: number, autoFailInstructorPass: number, bothFail: number) =>
  ({ bothPass, autoPassInstructorRedo, autoFailInstructorPass, bothFail }) satisfies ConfusionTable;

/** The verdict pairs behind a table, in a shuffled-looking order. */
function pairsOf(t: ConfusionTable) {
  const out = [
    ...Array.from({ length: t.bothPass }, () => ({ autoPass: true, instructorPass: true })),
    ...Array.from({ length: t.autoPassInstructorRedo }, () => ({ autoPass: true, instructorPass: false })),
    ...Array.from({ length: t.autoFailInstructorPass }, () => ({ autoPass: false, instructorPass: true })),
    ...Array.from({ length: t.bothFail }, () => ({ autoPass: false, instructorPass: false })),
  ];
  return out.map((p, i) => out[(i * 7) % out.length] ?? p);
}

describe('confusionTable', () => {
  it('counts each pair into its cell', () => {
    const t = confusionTable([
      { autoPass: true, instructorPass: true },
      { autoPass: true, instructorPass: false },
      { autoPass: true, instructorPass: false },
      { autoPass: false, instructorPass: true },
      { autoPass: false, instructorPass: false },
      { autoPass: false, instructorPass: false },
      { autoPass: false, instructorPass: false },
    ]);
    expect(t).toEqual(table(1, 2, 1, 3));
    expect(tableTotal(t)).toBe(7);
  });
});

describe('Cohen’s κ on textbook tables', () => {
  it('50 applications: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → pₒ 0.7, pₑ 0.5, κ 0.4', () => {
    const t = confusionTable(pairsOf(table(20, 5, 10, 15)));
    expect(t).toEqual(table(20, 5, 10, 15));
    const s = agreementStats(t);
    expect(s.n).toBe(50);
    expect(s.observed).toBeCloseTo(0.7, 12);
    expect(s.autoPassRate).toBeCloseTo(0.5, 12);
    expect(s.instructorPassRate).toBeCloseTo(0.6, 12);
    expect(s.expected).toBeCloseTo(0.5, 12);
    expect(s.kappa).toBeCloseTo(0.4, 12);
    // √(0.7 · 0.3 / (50 · 0.5²)) = √0.0168
    expect(s.standardError).toBeCloseTo(0.129615, 5);
    expect(s.kappaUndefined).toBeNull();
    expect(kappaBand(s.kappa!)).toBe('fair');
  });

  it('same pₒ of 0.6, different κ: 45/15/25/15 gives 0.1304, 25/35/5/35 gives 0.2593', () => {
    const a = agreementStats(table(45, 15, 25, 15));
    expect(a.observed).toBeCloseTo(0.6, 12);
    expect(a.expected).toBeCloseTo(0.54, 12);
    expect(a.kappa).toBeCloseTo(0.06 / 0.46, 12);
    expect(a.kappa).toBeCloseTo(0.1304, 4);
    expect(kappaBand(a.kappa!)).toBe('slight');

    const b = agreementStats(table(25, 35, 5, 35));
    expect(b.observed).toBeCloseTo(0.6, 12);
    expect(b.expected).toBeCloseTo(0.46, 12);
    expect(b.kappa).toBeCloseTo(0.2593, 4);
    expect(kappaBand(b.kappa!)).toBe('fair');
  });

  it('is 1 for perfect agreement and −1 for perfect disagreement with balanced verdicts', () => {
    expect(agreementStats(table(10, 0, 0, 10)).kappa).toBe(1);
    expect(agreementStats(table(10, 0, 0, 10)).standardError).toBe(0);
    const opposite = agreementStats(table(0, 5, 5, 0));
    expect(opposite.observed).toBe(0);
    expect(opposite.kappa).toBe(-1);
    expect(kappaBand(opposite.kappa!)).toBe('poor');
  });

  it('is symmetric in the two raters', () => {
    const k1 = agreementStats(table(20, 5, 10, 15)).kappa!;
    const k2 = agreementStats(table(20, 10, 5, 15)).kappa!;
    expect(k1).toBeCloseTo(k2, 12);
  });

  it('is exactly 0 when the score gives everyone the same verdict but instructors vary', () => {
    const s = agreementStats(table(7, 3, 0, 0));
    expect(s.observed).toBeCloseTo(0.7, 12);
    expect(s.expected).toBeCloseTo(0.7, 12);
    expect(s.kappa).toBeCloseTo(0, 12);
    expect(describeAgreement(s, table(7, 3, 0, 0))).toMatch(/The score passed every attempt, so it cannot agree/);
  });
});

describe('degenerate cases: κ undefined, said in words, never NaN', () => {
  it('no reviews at all', () => {
    const t = confusionTable([]);
    const s = agreementStats(t);
    expect(s).toMatchObject({ n: 0, observed: null, expected: null, kappa: null, standardError: null });
    expect(s.kappaUndefined).toMatch(/No graded attempts/);
    expect(describeAgreement(s, t)).toBe('No graded attempts to compare yet.');
  });

  it.each([
    ['everything passed by both', table(6, 0, 0, 0), /passed every attempt/],
    ['everything failed by both', table(0, 0, 0, 4), /failed every attempt/],
  ])('%s: 100 %% agreement, κ undefined', (_what, t, reason) => {
    const s = agreementStats(t);
    expect(s.observed).toBe(1);
    expect(s.expected).toBe(1);
    expect(s.kappa).toBeNull();
    expect(s.standardError).toBeNull();
    expect(s.kappaUndefined).toMatch(reason);
    expect(s.kappaUndefined).toMatch(/κ is undefined/);
    expect(describeAgreement(s, t)).toMatch(/same verdict on \d of \d attempts\. Score and instructors/);
  });

  it('one attempt: defined when the raters differ (κ 0), undefined when they agree', () => {
    expect(agreementStats(table(0, 1, 0, 0)).kappa).toBe(0);
    expect(agreementStats(table(1, 0, 0, 0)).kappa).toBeNull();
  });
});

describe('kappaBand (Landis & Koch)', () => {
  it.each([
    [-0.3, 'poor'],
    [0, 'poor'],
    [0.01, 'slight'],
    [0.2, 'slight'],
    [0.21, 'fair'],
    [0.4, 'fair'],
    [0.41, 'moderate'],
    [0.6, 'moderate'],
    [0.61, 'substantial'],
    [0.8, 'substantial'],
    [0.81, 'almost perfect'],
    [1, 'almost perfect'],
  ])('κ %s is %s', (k, label) => expect(kappaBand(k)).toBe(label));
});

describe('describeAgreement', () => {
  it('reads the band, the count, and warns about few attempts', () => {
    const t = table(5, 1, 1, 3);
    const text = describeAgreement(agreementStats(t), t);
    // pₒ 0.8, pₑ 0.52, κ 0.583 → moderate
    expect(text).toBe(
      'Moderate agreement (Landis & Koch reading of κ): the score and instructors gave the same verdict on 8 of 10 attempts. With fewer than 20 attempts, treat this as a first impression.',
    );
  });

  it('does not warn with 20 attempts or more, and says when agreement is below chance', () => {
    const t = table(2, 9, 9, 2);
    const text = describeAgreement(agreementStats(t), t);
    expect(text).toMatch(/^Poor agreement .* 4 of 22 attempts\. That is less often than chance alone would give\.$/);
  });
});

describe('agreementByTemplate', () => {
  let id = 0;
  const graded = (
    templateId: string,
    scoreVersion: number | null,
    autoPass: boolean,
    verdict: 'pass' | 'redo',
    day: number,
  ): GradedAttempt => {
    id++;
    return {
      attemptId: id,
      reviewId: 100 + id,
      templateId,
      traineeName: `Trainee ${id}`,
      gradedAt: new Date(Date.UTC(2026, 10, day)),
      autoPass,
      autoTotal: autoPass ? 80 : 40,
      scoreVersion,
      instructorVerdict: verdict,
    };
  };

  it('keeps templates and scoring versions apart and lists only the disagreements, newest first', () => {
    const rows = [
      graded('hairline', 1, true, 'pass', 1),
      graded('hairline', 1, true, 'redo', 2),
      graded('hairline', 1, false, 'pass', 5),
      graded('hairline', 1, false, 'redo', 3),
      graded('hairline', 2, true, 'pass', 6),
      graded('hairline', 2, false, 'redo', 7),
      graded('crown', 1, true, 'redo', 4),
      graded('hairline', null, true, 'redo', 8),
    ];
    const groups = agreementByTemplate(rows);
    expect(groups.map((g) => [g.templateId, g.scoreVersion, g.stats.n])).toEqual([
      ['crown', 1, 1],
      ['hairline', 2, 2],
      ['hairline', 1, 4],
      ['hairline', null, 1],
    ]);
    const v1 = groups[2]!;
    expect(v1.table).toEqual(table(1, 1, 1, 1));
    expect(v1.stats.observed).toBe(0.5);
    expect(v1.stats.kappa).toBe(0);
    expect(v1.disagreements.map((d) => d.attemptId)).toEqual([rows[2]!.attemptId, rows[1]!.attemptId]);
    const v2 = groups[1]!;
    expect(v2.stats.kappa).toBe(1);
    expect(v2.disagreements).toEqual([]);
    expect(groups[0]!.disagreements).toHaveLength(1);
  });

  it('returns nothing for no attempts', () => {
    expect(agreementByTemplate([])).toEqual([]);
  });
});
