import { describe, expect, it } from 'vitest';
import { checkSessions, sessionCounts } from '../../src/lib/attempt-sessions.ts';
import { describeJudged, describeWorking, judgedLabel } from '../../src/lib/judged-session.ts';
import { sessionTarget } from '../../src/lib/drill/sessions.ts';
import { template } from '../support/templates.ts';

describe('checkSessions', () => {
  it('accepts a canvas without sessions as finished work in one session', () => {
    expect(checkSessions({ dots: [] }, 0, 3)).toEqual({ ok: true, value: { dotSessions: null, session: null } });
    expect(checkSessions({ session: 2 }, 4, 3)).toEqual({ ok: true, value: { dotSessions: null, session: 2 } });
  });

  it('accepts one non-decreasing session per impression up to the current session', () => {
    expect(checkSessions({ sessions: [1, 1, 2], session: 2 }, 3, 3)).toEqual({
      ok: true,
      value: { dotSessions: [1, 1, 2], session: 2 },
    });
    // The current session may have no impressions yet.
    expect(checkSessions({ sessions: [1, 1], session: 3 }, 2, 3)).toMatchObject({ ok: true, value: { session: 3 } });
  });

  const bad: Array<[string, unknown, number, RegExp]> = [
    ['a session beyond the plan', { session: 4 }, 0, /session 4 does not exist: this template's plan has 3 sessions/],
    ['session 0', { session: 0 }, 0, /^session: session must be 1 or more/],
    ['a text session', { session: 'two' }, 0, /session must be a number/],
    ['sessions not a list', { sessions: 3 }, 0, /"sessions" must be a list/],
    ['too few sessions', { sessions: [1] }, 2, /"sessions" has 1 entries for 2 impressions/],
    [
      'a per-impression session beyond the plan',
      { sessions: [1, 5] },
      2,
      /sessions\[1\] is 5, but this template's plan/,
    ],
    ['a session after the current one', { sessions: [1, 2], session: 1 }, 2, /later than the current session 1/],
    ['sessions going back', { sessions: [2, 1], session: 2 }, 2, /sessions\[1\] is 1 after an impression of session 2/],
    ['a fractional session', { sessions: [1.5] }, 1, /sessions\[0\]: session must be a whole number/],
  ];
  for (const [what, body, n, message] of bad) {
    it(`refuses ${what} with a readable message`, () => {
      const r = checkSessions(body, n, 3);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe('invalid');
        expect(r.error.message).toMatch(message);
      }
    });
  }
});

describe('session counts and descriptions', () => {
  it('counts impressions per session; attempts without sessions count as the last session', () => {
    expect(sessionCounts([1, 1, 2, 3, 3, 3], 6, 3)).toEqual([2, 1, 3]);
    expect(sessionCounts(null, 5, 3)).toEqual([0, 0, 5]);
    expect(sessionCounts([1, 2], 2, 2)).toEqual([1, 1]);
  });

  it('says what each session is judged against', () => {
    const crown = template('crown-whorl');
    const first = sessionTarget(crown, 1);
    expect(describeJudged(first)).toMatch(
      /^Judged as the end of session 1 of 3 \(Foundation\): about 35% of the final density/,
    );
    expect(describeJudged(sessionTarget(crown, 3))).toBe(
      'Judged as finished work: the end of session 3 of 3 (Refine).',
    );
    expect(describeJudged(undefined)).toBe('Judged as finished work.');
    expect(describeWorking(sessionTarget(crown, 2))).toMatch(
      /^Session 2 of 3: Fill — target about 70% of the final density/,
    );
  });
});

describe('judgedLabel (the attempt list)', () => {
  it('names the session an attempt was judged as, and finished work for the last session or none', () => {
    const t = template('crown-whorl');
    expect(judgedLabel(sessionTarget(t, 1))).toMatch(/^judged as the end of session 1 of \d \(Foundation\)$/);
    expect(judgedLabel(sessionTarget(t))).toBe('judged as finished work');
    expect(judgedLabel(undefined)).toBe('judged as finished work');
  });
});
