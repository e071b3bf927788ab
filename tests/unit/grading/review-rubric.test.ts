import { describe, expect, it } from 'vitest';
import { checkReview, MAX_COMMENT } from '../../../src/lib/grading/review.ts';
import { rubricFromForm } from '../../../src/lib/grading/rubric-form.ts';
import { criterionIdFrom, defaultRubric, rubricSchema, TEMPLATE_FAMILIES } from '../../../src/lib/grading/rubric.ts';
import { template } from '../../support/templates.ts';

const crown = template('crown-whorl');
const rubric = defaultRubric('crown');
const levels = Object.fromEntries(rubric.map((c) => [c.id, 3]));
const ok = {
  verdict: 'redo',
  comment: 'Break up the ring around the whorl.',
  levels,
  annotations: [{ kind: 'pin', x: 50, y: 50, text: 'Ring here', criterion: 'whorl' }],
};

describe('default rubrics', () => {
  it('are valid for every template family and include spacing and randomness', () => {
    for (const f of TEMPLATE_FAMILIES) {
      const r = defaultRubric(f);
      expect(rubricSchema.safeParse(r).success).toBe(true);
      expect(r.map((c) => c.id)).toEqual(expect.arrayContaining(['spacing', 'randomness', 'artistry']));
    }
    expect(defaultRubric('hairline').map((c) => c.id)).toEqual(
      expect.arrayContaining(['hairline-shape', 'density-gradient']),
    );
  });
  it('are copies: editing one does not change the defaults', () => {
    defaultRubric('crown')[0]!.label = 'changed';
    expect(defaultRubric('crown')[0]!.label).toBe('Spacing');
  });
});

describe('checkReview', () => {
  it('accepts a complete review and zeroes a pin’s radius', () => {
    const r = checkReview({ ...ok, annotations: [{ ...ok.annotations[0], radius: 4 }] }, rubric, crown);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.annotations[0]!.radius).toBe(0);
  });
  const cases: Array<[string, object, RegExp]> = [
    ['no verdict', { ...ok, verdict: 'maybe' }, /Choose a verdict/],
    ['a redo without a comment', { ...ok, comment: '  ' }, /comment is required for a redo/],
    [
      'a missing level',
      { ...ok, levels: Object.fromEntries(Object.entries(levels).filter(([k]) => k !== 'whorl')) },
      /Choose a level for “Whorl”/,
    ],
    ['a level out of range', { ...ok, levels: { ...levels, spacing: 5 } }, /Levels run from 1 to 4/],
    ['an unknown criterion in levels', { ...ok, levels: { ...levels, hairline: 2 } }, /“hairline” is not a criterion/],
    [
      'an annotation off the canvas',
      { ...ok, annotations: [{ kind: 'pin', x: 120, y: 5, text: 'x' }] },
      /outside the 100×100 mm canvas/,
    ],
    [
      'an annotation with an unknown criterion',
      { ...ok, annotations: [{ kind: 'pin', x: 5, y: 5, text: 'x', criterion: 'depth' }] },
      /refers to “depth”/,
    ],
    [
      'a circle without radius',
      { ...ok, annotations: [{ kind: 'circle', x: 5, y: 5, radius: 0, text: 'x' }] },
      /needs a radius/,
    ],
    ['an empty annotation', { ...ok, annotations: [{ kind: 'pin', x: 5, y: 5, text: '' }] }, /needs a comment/],
    ['an oversized comment', { ...ok, comment: 'x'.repeat(MAX_COMMENT + 1) }, /limited to 4000 characters/],
    [
      'too many annotations',
      { ...ok, annotations: Array.from({ length: 101 }, () => ({ kind: 'pin', x: 1, y: 1, text: 'x' })) },
      /At most 100 annotations/,
    ],
  ];
  for (const [what, body, message] of cases) {
    it(`refuses ${what}`, () => {
      const r = checkReview(body, rubric, crown);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    });
  }
  it('accepts a pass without a comment', () => {
    expect(checkReview({ ...ok, verdict: 'pass', comment: '' }, rubric, crown).ok).toBe(true);
  });
});

describe('rubric editor form', () => {
  const form = (r = defaultRubric('scar')) => {
    const f: Record<string, string> = {};
    r.forEach((c, i) => {
      f[`c.${i}.id`] = c.id;
      f[`c.${i}.enabled`] = 'on';
      f[`c.${i}.label`] = c.label;
      f[`c.${i}.description`] = c.description;
      c.levels.forEach((l, k) => (f[`c.${i}.level.${k + 1}`] = l));
    });
    return f;
  };
  it('round-trips the defaults, drops switched-off criteria and adds a new one', () => {
    const f = form();
    delete f['c.1.enabled'];
    Object.assign(f, {
      'new.label': 'Blend at edges',
      'new.description': 'x',
      'new.level.1': 'a',
      'new.level.2': 'b',
      'new.level.3': 'c',
      'new.level.4': 'd',
    });
    const r = rubricFromForm(f);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.map((c) => c.id)).not.toContain('randomness');
      expect(r.value.at(-1)).toMatchObject({ id: 'blend-at-edges', label: 'Blend at edges' });
    }
  });
  it('explains a missing level description and an empty rubric', () => {
    const f = form();
    f['c.0.level.2'] = ' ';
    expect(rubricFromForm(f)).toEqual({
      ok: false,
      error: { kind: 'invalid', message: '“Spacing”: Describe every level.' },
    });
    expect(rubricFromForm({})).toEqual({
      ok: false,
      error: { kind: 'invalid', message: 'A rubric needs at least one criterion.' },
    });
  });
  it('makes ids from labels', () => {
    expect(criterionIdFrom('Blend at temples!')).toBe('blend-at-temples');
    expect(criterionIdFrom('***')).toBe('criterion');
  });
});
