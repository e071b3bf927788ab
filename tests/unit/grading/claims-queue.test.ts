import { describe, expect, it } from 'vitest';
import { CLAIM_MS, claimState, decideClaim, decideGrade, type Claim } from '../../../src/lib/grading/claims.ts';
import {
  describeAge,
  filterQueue,
  parseQueueFilter,
  summarise,
  type QueueEntry,
} from '../../../src/lib/grading/queue.ts';

const now = new Date('2026-11-26T12:00:00Z');
const claim = (userId: number, minutesLeft: number): Claim => ({
  userId,
  userName: `User ${userId}`,
  expiresAt: new Date(now.getTime() + minutesLeft * 60_000),
});

describe('claims', () => {
  it('treats an expired claim as none', () => {
    expect(claimState(claim(2, -1), 1, now)).toEqual({ state: 'unclaimed' });
    expect(claimState(claim(1, 5), 1, now).state).toBe('mine');
    expect(claimState(claim(2, 5), 1, now)).toMatchObject({ state: 'taken', by: 'User 2' });
  });

  it('lets an instructor claim a waiting submission, renew their own claim, or take over an expired one', () => {
    for (const c of [null, claim(1, 3), claim(2, -1)]) {
      const d = decideClaim('submitted', c, 1, now);
      expect(d).toEqual({ ok: true, value: { expiresAt: new Date(now.getTime() + CLAIM_MS) } });
    }
  });

  it('refuses to claim what someone else holds, what is graded, or a draft', () => {
    expect(decideClaim('submitted', claim(2, 10), 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringContaining('User 2 is reviewing') },
    });
    expect(decideClaim('graded', null, 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: 'This submission has already been graded.' },
    });
    expect(decideClaim('draft', null, 1, now)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('allows grading only with one’s own live claim on a waiting submission', () => {
    expect(decideGrade('submitted', claim(1, 1), 1, now)).toEqual({ ok: true, value: undefined });
    expect(decideGrade('submitted', null, 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringContaining('Claim this submission') },
    });
    expect(decideGrade('submitted', claim(1, -1), 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringContaining('may have expired') },
    });
    expect(decideGrade('submitted', claim(2, 5), 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: 'User 2 has claimed this submission.' },
    });
    expect(decideGrade('graded', claim(1, 5), 1, now)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringContaining('already been graded') },
    });
  });
});

describe('queue', () => {
  const entry = (attemptId: number, hoursAgo: number, extra: Partial<QueueEntry> = {}): QueueEntry => ({
    attemptId,
    traineeId: 10 + (attemptId % 2),
    traineeName: attemptId % 2 ? 'Odd' : 'Even',
    templateId: attemptId % 3 ? 'crown-whorl' : 'scar-patch',
    templateName: 'x',
    submittedAt: new Date(now.getTime() - hoursAgo * 3_600_000),
    total: 80,
    pass: true,
    claim: null,
    ...extra,
  });
  const entries = [
    entry(1, 5),
    entry(2, 30, { claim: claim(1, 10) }),
    entry(3, 1, { claim: claim(2, 10) }),
    entry(4, 2, { claim: claim(2, -5) }),
  ];

  it('filters by status, template and trainee and sorts by age', () => {
    const ids = (q: string) =>
      filterQueue(entries, parseQueueFilter(new URLSearchParams(q)), 1, now).map((e) => e.attemptId);
    expect(ids('')).toEqual([2, 1, 4, 3]);
    expect(ids('order=newest')).toEqual([3, 4, 1, 2]);
    expect(ids('status=waiting')).toEqual([1, 4]);
    expect(ids('status=mine')).toEqual([2]);
    expect(ids('status=claimed')).toEqual([3]);
    expect(ids('template=scar-patch')).toEqual([3]);
    expect(ids('trainee=11')).toEqual([1, 3]);
    expect(ids('q=od')).toEqual([1, 3]);
    expect(ids('q=%20EVEN%20&status=waiting')).toEqual([4]);
    expect(ids('status=bogus&trainee=abc')).toEqual([2, 1, 4, 3]);
  });

  it('summarises counts and the age of the oldest submission', () => {
    expect(summarise(entries, 1, now)).toEqual({ waiting: 4, unclaimed: 2, mine: 1, oldestAgeMs: 30 * 3_600_000 });
    expect(summarise([], 1, now).oldestAgeMs).toBeNull();
    expect(describeAge(30 * 3_600_000)).toBe('30 hours');
    expect(describeAge(3 * 86_400_000)).toBe('3 days');
    expect(describeAge(30_000)).toBe('just now');
    expect(describeAge(60_000)).toBe('1 minute');
  });
});
