import { describe, expect, it } from 'vitest';
import { MARK_STYLES, markKindsIn } from '../../../src/client/overlay-legend.ts';

describe('overlay legend', () => {
  it('has a distinct style and words for every v2 mark kind', () => {
    const kinds = Object.keys(MARK_STYLES);
    expect(kinds).toEqual(
      expect.arrayContaining(['bare', 'heavy', 'grid', 'track', 'blot', 'hole', 'outside', 'on-earlier']),
    );
    const looks = new Set(kinds.map((k) => `${MARK_STYLES[k as keyof typeof MARK_STYLES].colour}`));
    expect(looks.size).toBe(kinds.length);
    expect(new Set(Object.values(MARK_STYLES).map((m) => m.label)).size).toBe(kinds.length);
  });

  it('lists the kinds present once each, in legend order', () => {
    expect(markKindsIn([{ kind: 'hole' }, { kind: 'bare' }, { kind: 'hole' }, { kind: 'grid' }])).toEqual([
      'bare',
      'grid',
      'hole',
    ]);
    expect(markKindsIn(undefined)).toEqual([]);
  });
});
