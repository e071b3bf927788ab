/** The grading rules several pages and services share: current review, applicable rubric, staff access. */
import { describe, expect, it } from 'vitest';
import { currentReviewOf, supersededIds } from '../../../src/lib/grading/review.ts';
import { applicableRubric, defaultRubric } from '../../../src/lib/grading/rubric.ts';
import { staffMaySee } from '../../../src/lib/grading/submissions.ts';

describe('current review', () => {
  it('is null before the first grade', () => {
    expect(currentReviewOf([])).toBeNull();
  });

  it('is the one review no correction supersedes, whatever the order', () => {
    const chain = [
      { id: 7, supersedes: null, verdict: 'redo' },
      { id: 9, supersedes: 7, verdict: 'pass' },
      { id: 12, supersedes: 9, verdict: 'redo' },
    ];
    expect(currentReviewOf(chain)).toBe(chain[2]);
    expect(currentReviewOf([...chain].reverse())).toBe(chain[2]);
    expect([...supersededIds(chain)].sort()).toEqual([7, 9]);
  });

  it('is the first grade while nothing corrects it', () => {
    const one = { id: 3, supersedes: null };
    expect(currentReviewOf([one])).toBe(one);
    expect(supersededIds([one]).size).toBe(0);
  });
});

describe('applicable rubric', () => {
  const academy = defaultRubric('hairline');
  const original = defaultRubric('crown').slice(0, 2);

  it('keeps the rubric of the current review for a correction, without asking for the academy’s', () => {
    let asked = 0;
    const rubric = applicableRubric({ rubric: original }, () => {
      asked++;
      return academy;
    });
    expect(rubric).toBe(original);
    expect(asked).toBe(0);
  });

  it('uses the academy’s rubric for a first grade', () => {
    expect(applicableRubric(null, () => academy)).toBe(academy);
  });
});

describe('staff access to a submission', () => {
  it('lets staff see their own academy’s submitted and graded canvases', () => {
    expect(staffMaySee({ academyId: 1, status: 'submitted' }, 1)).toBe(true);
    expect(staffMaySee({ academyId: 1, status: 'graded' }, 1)).toBe(true);
  });

  it('hides drafts, and every canvas of another academy', () => {
    expect(staffMaySee({ academyId: 1, status: 'draft' }, 1)).toBe(false);
    expect(staffMaySee({ academyId: 2, status: 'submitted' }, 1)).toBe(false);
    expect(staffMaySee({ academyId: 2, status: 'graded' }, 1)).toBe(false);
  });
});
