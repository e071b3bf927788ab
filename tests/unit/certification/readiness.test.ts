import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/drill/patterns.ts';
import {
  isReady,
  nextRenewalPeriodChange,
  readinessChangesAt,
  type ProgramRules,
} from '../../../src/lib/certification/readiness.ts';
import type { CourseShape, Evidence } from '../../../src/lib/certification/requirements.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const shape: CourseShape = {
  lessonIds: ['a', 'b'],
  checkIds: ['m1'],
  templateNames: new Map([['crown-whorl', 'Crown and whorl']]),
};
const program: ProgramRules = {
  validityMonths: 12,
  requirements: {
    allLessons: true,
    allChecks: true,
    drills: [{ templateId: 'crown-whorl', count: 1, minScore: 60 }],
    compliance: ['bloodborne-pathogens'],
  },
  renewal: {
    drills: [{ templateId: 'crown-whorl', count: 1, minScore: 60 }],
    withinMonths: 3,
    compliance: ['bloodborne-pathogens'],
  },
};

/** `submittedAt >= since(t)` as `evaluateRenewal` decides it, the brute-force reference. */
const inPeriod = (submittedAt: number, months: number, t: number) => {
  const since = new Date(t);
  since.setUTCMonth(since.getUTCMonth() - months);
  return submittedAt >= since.getTime();
};

describe('readiness over time', () => {
  it('finds the exact moment a drill leaves the renewal period, month ends included', () => {
    const random = seededRng(7);
    for (let k = 0; k < 120; k++) {
      // Submissions spread over two years, often near month ends where rollover moves `since`.
      const base = Date.UTC(2026, Math.floor(random() * 24), 26 + Math.floor(random() * 6), Math.floor(random() * 24));
      const submittedAt = base + Math.floor(random() * HOUR);
      const months = 1 + Math.floor(random() * 12);
      let now = submittedAt + Math.floor(random() * (months * 31 + 10)) * DAY * random();
      // Follow every change up to the end: each reported moment really changes the answer, and nothing changes before it.
      for (let steps = 0; steps < 6; steps++) {
        const next = nextRenewalPeriodChange(submittedAt, months, now);
        const state = inPeriod(submittedAt, months, now);
        const end = Number.isFinite(next) ? next : now + 40 * DAY;
        for (let t = now + 1; t < end; t += Math.max(1, Math.floor((end - now) / 97))) {
          expect(inPeriod(submittedAt, months, t), `${new Date(submittedAt).toISOString()} +${months}m at ${t}`).toBe(
            state,
          );
        }
        if (!Number.isFinite(next)) {
          expect(state).toBe(false);
          break;
        }
        expect(next).toBeGreaterThan(now);
        if (inPeriod(submittedAt, months, next) === state) {
          // A conservative early look is allowed only before the last week of the period.
          const end = new Date(submittedAt);
          end.setUTCMonth(end.getUTCMonth() + months);
          expect(next <= end.getTime() - 7 * DAY || next >= end.getTime() + 7 * DAY).toBe(true);
        } else expect(inPeriod(submittedAt, months, next - 1)).toBe(state);
        now = next;
      }
    }
  });

  it('gives no moment before which isReady could change, on random records', () => {
    const random = seededRng(11);
    const now0 = Date.UTC(2026, 10, 26, 12);
    for (let k = 0; k < 80; k++) {
      const at = (spanDays: number) => new Date(now0 + Math.floor((random() * 2 - 1) * spanDays * DAY));
      const evidence: Evidence = {
        lessonsDone: new Set(random() < 0.8 ? ['a', 'b'] : ['a']),
        checksPassed: new Set(['m1']),
        passedDrills: Array.from({ length: Math.floor(random() * 3) }, (_, i) => ({
          attemptId: i,
          templateId: 'crown-whorl',
          total: 50 + Math.floor(random() * 50),
          submittedAt: at(200),
          reviewedBy: 'Sam',
          reviewedAt: at(200),
        })),
        compliance: Array.from({ length: Math.floor(random() * 3) }, () => {
          const completedOn = at(300);
          return { kind: 'bloodborne-pathogens', completedOn, expiresOn: random() < 0.8 ? at(400) : null };
        }),
      };
      const held = Array.from({ length: Math.floor(random() * 3) }, (_, id) => {
        const validFrom = at(500);
        return {
          id,
          validFrom,
          validUntil: new Date(validFrom.getTime() + 365 * DAY),
          revokedAt: random() < 0.2 ? validFrom : null,
        };
      });
      const now = new Date(now0);
      const ready = isReady(program, evidence, held, shape, now);
      const next = readinessChangesAt(program, evidence, held, now);
      expect(next).toBeGreaterThan(now.getTime());
      const end = Math.min(next, now.getTime() + 800 * DAY);
      for (let t = now.getTime(); t < end; t += 13 * HOUR)
        expect(isReady(program, evidence, held, shape, new Date(t)), `case ${k} at ${new Date(t).toISOString()}`).toBe(
          ready,
        );
    }
  });

  it('names the expiry of the compliance record a ready trainee relies on', () => {
    const now = new Date(Date.UTC(2026, 10, 26));
    const expires = new Date(now.getTime() + 30 * DAY);
    const evidence: Evidence = {
      lessonsDone: new Set(['a', 'b']),
      checksPassed: new Set(['m1']),
      passedDrills: [
        {
          attemptId: 1,
          templateId: 'crown-whorl',
          total: 80,
          submittedAt: new Date(now.getTime() - DAY),
          reviewedBy: 'Sam',
          reviewedAt: now,
        },
      ],
      compliance: [
        { kind: 'bloodborne-pathogens', completedOn: new Date(now.getTime() - 300 * DAY), expiresOn: expires },
      ],
    };
    expect(isReady(program, evidence, [], shape, now)).toBe(true);
    expect(readinessChangesAt(program, evidence, [], now)).toBe(expires.getTime());
    expect(isReady(program, evidence, [], shape, expires)).toBe(false);
  });
});
